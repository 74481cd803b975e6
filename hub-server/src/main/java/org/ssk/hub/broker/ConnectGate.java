package org.ssk.hub.broker;

import io.moquette.broker.Server;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.util.ReferenceCountUtil;
import java.lang.reflect.Field;
import java.util.Optional;

/**
 * Refuses, at CONNECT, what {@link ShelfAccess#connectRefusal} refuses, on the embedded broker.
 *
 * <p>Why a Netty handler: Moquette 0.17's {@code IAuthenticator} sees only client id, user name
 * and password, not the will, and it fires a will without any topic check. A will set to another
 * shelf's {@code event}, {@code config} or {@code cmd} topic would then forge that shelf's messages
 * as soon as the connection drops. This handler sits between Moquette's MQTT decoder and its
 * connection handler, reads the decoded CONNECT, and answers a refused one with a CONNACK
 * "not authorized" and closes the socket before Moquette creates a session (so no will exists to
 * fire). Moquette has no public hook there; it adds its optional metrics handler at exactly that
 * place in every new connection's pipeline, so {@link #install} sets that (private) slot. The
 * attack tests ({@code MqttAttackTest}) fail if a Moquette upgrade moves it.
 *
 * <p>Behind a CONNECT it passes, it puts a {@link HoldUntilConnected} for that connection: the
 * packets that follow wait until Moquette has finished the connection, which Moquette 0.17 does
 * not ensure itself (it dropped a client whose SUBSCRIBE came too soon).
 *
 * <p>Shared by every connection; stateless and thread-safe.
 */
@ChannelHandler.Sharable
final class ConnectGate extends ChannelInboundHandlerAdapter {
    private final ShelfAccess access;

    private ConnectGate(ShelfAccess access) {
        this.access = access;
    }

    /**
     * Puts the gate in front of every connection the started {@code server} accepts from now on,
     * then lets {@code access} accept shelves (it refuses them until then).
     *
     * @throws IllegalStateException when this Moquette has no such slot (another version)
     */
    static void install(Server server, ShelfAccess access) {
        try {
            Field acceptorField = Server.class.getDeclaredField("acceptor");
            acceptorField.setAccessible(true);
            Object acceptor = acceptorField.get(server);
            Field slot = acceptor.getClass().getDeclaredField("metrics");
            slot.setAccessible(true);
            slot.set(acceptor, Optional.of(new ConnectGate(access)));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot check wills and client ids at CONNECT on this Moquette ("
                    + Server.MOQUETTE_VERSION + "): " + e, e);
        }
        access.connectGateInstalled();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof MqttConnectMessage c) {
            var p = c.payload();
            var h = c.variableHeader();
            String why = ShelfAccess.connectRefusal(p.clientIdentifier(), h.hasUserName() ? p.userName() : null,
                    h.isWillFlag() ? p.willTopic() : null, h.isWillFlag() && h.isWillRetain());
            if (why != null) {
                access.refused(p.clientIdentifier(), h.hasUserName() ? p.userName() : null, why);
                ReferenceCountUtil.release(msg);
                ctx.channel().writeAndFlush(MqttMessageBuilders.connAck()
                                .returnCode(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED).build())
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ctx.fireChannelRead(msg);
            if (ctx.pipeline().get(HoldUntilConnected.class) == null) {
                ctx.pipeline().addAfter(ctx.name(), "sskHoldUntilConnected", new HoldUntilConnected());
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
