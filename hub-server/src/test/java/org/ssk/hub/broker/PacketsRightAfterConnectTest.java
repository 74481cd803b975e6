package org.ssk.hub.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MQTT 3.1.1 (section 3.1.4) lets a client send packets right after its CONNECT, before the
 * CONNACK arrives; a fast client's SUBSCRIBE can also reach the broker while Moquette is still
 * finishing the connection. Moquette 0.17 marks a connection connected only in a listener on its
 * CONNACK write, which may run after the next packet is read; it then closed the connection on a
 * SUBSCRIBE ("SUBSCRIBE received on already closed connection"), which under CPU load made
 * agents, the hub's ingest and test clients lose their first connection. Sending CONNECT,
 * SUBSCRIBE and PUBLISH in one TCP write makes that order certain, so this test fails without
 * {@link HoldUntilConnected}.
 */
class PacketsRightAfterConnectTest {
    private static final int READ_TIMEOUT_MS = 30_000;
    private static final String TOPIC = "ssk/v1/shelf/S1/event";
    private final ShelfAccess access = new ShelfAccess((shelf, secret) -> false);

    @Test
    void aSubscribeAndAPublishSentWithTheConnectAreServedInOrderOnTheSameConnection() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", 0, null, access);
             Socket socket = new Socket("127.0.0.1", broker.port())) {
            Replies replies = sendAtOnce(socket, access.hubPassword());
            MqttConnAckMessage connAck = (MqttConnAckMessage) replies.next(MqttMessageType.CONNACK);
            assertEquals(MqttConnectReturnCode.CONNECTION_ACCEPTED, connAck.variableHeader().connectReturnCode());
            MqttSubAckMessage subAck = (MqttSubAckMessage) replies.next(MqttMessageType.SUBACK);
            assertEquals(List.of(1), subAck.payload().grantedQoSLevels());
            // The broker answers the PUBLISH with a PUBACK and delivers it to the subscription made
            // before it, in either order.
            List<MqttMessageType> rest = List.of(replies.next(null).fixedHeader().messageType(),
                    replies.next(null).fixedHeader().messageType());
            assertEquals(java.util.Set.of(MqttMessageType.PUBACK, MqttMessageType.PUBLISH), java.util.Set.copyOf(rest),
                    "replies after the SUBACK: " + rest);
            assertEquals(2, replies.seen.stream().filter(m -> m.fixedHeader().messageType() == MqttMessageType.PUBACK)
                    .map(m -> ((MqttMessageIdVariableHeader) m.variableHeader()).messageId()).findFirst().orElseThrow());
            assertNotNull(replies.seen.stream().filter(m -> m instanceof MqttPublishMessage).findFirst().orElse(null));
            replies.seen.forEach(io.netty.util.ReferenceCountUtil::release);
        }
    }

    @Test
    void packetsSentWithARefusedConnectAreNeverServed() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", 0, null, access);
             Socket socket = new Socket("127.0.0.1", broker.port())) {
            Replies replies = sendAtOnce(socket, "not-the-password");
            MqttConnAckMessage connAck = (MqttConnAckMessage) replies.next(MqttMessageType.CONNACK);
            assertEquals(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD,
                    connAck.variableHeader().connectReturnCode());
            replies.closed();
        }
    }

    /** CONNECT as the hub with {@code password}, SUBSCRIBE to S1's events, PUBLISH one: one TCP write. */
    private static Replies sendAtOnce(Socket socket, String password) throws IOException {
        socket.setSoTimeout(READ_TIMEOUT_MS);
        ByteArrayOutputStream packets = new ByteArrayOutputStream();
        packets.write(encode(MqttMessageBuilders.connect().clientId("early").protocolVersion(MqttVersion.MQTT_3_1_1)
                .cleanSession(true).keepAlive(60).username(ShelfAccess.HUB_USER)
                .password(password.getBytes(StandardCharsets.UTF_8)).build()));
        packets.write(encode(MqttMessageBuilders.subscribe().messageId(1).addSubscription(MqttQoS.AT_LEAST_ONCE, TOPIC)
                .build()));
        packets.write(encode(MqttMessageBuilders.publish().topicName(TOPIC).qos(MqttQoS.AT_LEAST_ONCE).messageId(2)
                .retained(false).payload(Unpooled.copiedBuffer("{}", StandardCharsets.UTF_8)).build()));
        OutputStream out = socket.getOutputStream();
        out.write(packets.toByteArray());
        out.flush();
        return new Replies(socket.getInputStream());
    }

    private static byte[] encode(MqttMessage message) {
        EmbeddedChannel ch = new EmbeddedChannel(MqttEncoder.INSTANCE);
        ch.writeOutbound(message);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (ByteBuf b = ch.readOutbound(); b != null; b = ch.readOutbound()) {
            byte[] chunk = new byte[b.readableBytes()];
            b.readBytes(chunk);
            bytes.writeBytes(chunk);
            b.release();
        }
        ch.finishAndReleaseAll();
        return bytes.toByteArray();
    }

    /** Decodes the broker's replies from the socket, one packet at a time. */
    private static final class Replies {
        private final InputStream in;
        private final EmbeddedChannel decoder = new EmbeddedChannel(new MqttDecoder());
        final List<MqttMessage> seen = new ArrayList<>();

        Replies(InputStream in) {
            this.in = in;
        }

        /** The next packet (of {@code type}, when not null); fails if the broker closes the connection first. */
        MqttMessage next(MqttMessageType type) throws IOException {
            byte[] buf = new byte[1024];
            MqttMessage m = decoder.readInbound();
            while (m == null) {
                int n;
                try {
                    n = in.read(buf);
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("no reply within " + READ_TIMEOUT_MS + " ms after " + types(), e);
                }
                if (n < 0) {
                    throw new AssertionError("the broker closed the connection after " + types());
                }
                decoder.writeInbound(Unpooled.wrappedBuffer(buf.clone(), 0, n));
                m = decoder.readInbound();
            }
            seen.add(m);
            if (type != null) {
                assertEquals(type, m.fixedHeader().messageType(), "after " + types());
            }
            return m;
        }

        /** Fails unless the broker closes the connection without another packet. */
        void closed() throws IOException {
            byte[] buf = new byte[1024];
            int n;
            try {
                n = in.read(buf);
            } catch (java.net.SocketException e) {
                return;
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the connection is still open after " + types(), e);
            }
            if (n >= 0) {
                decoder.writeInbound(Unpooled.wrappedBuffer(buf.clone(), 0, n));
                throw new AssertionError("after " + types() + " the broker sent " + decoder.<Object>readInbound());
            }
        }

        private List<MqttMessageType> types() {
            return seen.stream().map(s -> s.fixedHeader().messageType()).toList();
        }
    }
}
