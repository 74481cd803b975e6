package org.ssk.hub.region;

import java.util.List;
import org.ssk.hub.alert.Alert;

/**
 * What a center reports of itself to its region with its uploads (the region console's centers
 * screen): how many shelves are offline and how many alerts are open, now.
 */
public record CenterHealth(int offlineShelves, int openAlerts) {
    public CenterHealth {
        if (offlineShelves < 0 || openAlerts < 0) {
            throw new IllegalArgumentException("counts are >= 0");
        }
    }

    /** From the open alerts: offline shelves are those with an open {@code shelf_offline} alert. */
    public static CenterHealth of(List<Alert> open) {
        return new CenterHealth((int) open.stream().filter(a -> a.kind() == Alert.Kind.SHELF_OFFLINE).count(),
                open.size());
    }
}
