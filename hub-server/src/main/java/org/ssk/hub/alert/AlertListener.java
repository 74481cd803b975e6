package org.ssk.hub.alert;

/**
 * Told when an alert is raised or cleared, after the change is stored; for publishing over MQTT
 * or a webhook. Called on the thread running {@link AlertEngine#evaluate}; must not block long.
 * An exception from a listener is logged and does not stop the others.
 */
public interface AlertListener {
    void raised(Alert alert);

    void cleared(Alert alert);
}
