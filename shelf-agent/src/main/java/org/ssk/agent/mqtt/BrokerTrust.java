package org.ssk.agent.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS to the broker trusting exactly the center's CA (a PEM file, {@code ssk-make-certs}' ca.crt),
 * not the JVM's public CAs: a shelf only talks to its own center's broker. Paho checks the host name
 * in the URL against the certificate.
 */
public final class BrokerTrust {
    private BrokerTrust() {
    }

    /** A socket factory whose only trust anchors are the certificates in {@code pemFile}. */
    public static SSLSocketFactory socketFactory(Path pemFile) throws IOException {
        try (InputStream in = Files.newInputStream(pemFile)) {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                anchors.setCertificateEntry("ca-" + i++, c);
            }
            if (i == 0) {
                throw new IOException(pemFile + " holds no certificate (expected the center's ca.crt, PEM)");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(anchors);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot trust " + pemFile + ": " + e.getMessage(), e);
        }
    }
}
