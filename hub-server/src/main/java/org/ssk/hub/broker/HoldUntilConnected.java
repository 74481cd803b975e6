package org.ssk.hub.broker;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the packets a client sends after its CONNECT until Moquette has finished that connection,
 * then passes them on in order and leaves the pipeline.
 *
 * <p>Why: MQTT 3.1.1 (section 3.1.4) lets a client send packets right after CONNECT, and a client
 * that waits for the CONNACK may still be faster than the broker. Moquette 0.17 marks a connection
 * connected in a listener it adds to its CONNACK write from its session thread; when that thread
 * is descheduled (a loaded CPU) the write completes first, the listener runs later as a task on
 * the connection's event loop, and a packet read in between meets a connection Moquette still
 * calls closed: it drops the connection on a SUBSCRIBE ("SUBSCRIBE received on already closed
 * connection") and routes a PUBLISH under no client id. Agents, the hub's ingest and test
 * clients then lost their first connection now and then.
 *
 * <p>While it holds packets the connection is not read (auto-read off), so a client that keeps
 * sending meanwhile fills its own socket buffer, not the hub's memory.
 *
 * <p>Moquette's listener adds its {@value #MOQUETTE_READY_HANDLER} handler to the pipeline right
 * after it marks the connection connected; that handler's presence is the signal. While packets
 * are held it is checked every {@value #CHECK_MS} ms on the event loop. If Moquette never adds it
 * (the connection was refused or its session could not be opened), Moquette closes the channel
 * and the held packets are released. After {@value #LIMIT_MS} ms the packets go on regardless
 * (Moquette's own behaviour), with a warning: a Moquette version that no longer adds the handler
 * must not stall clients ({@code PacketsRightAfterConnectTest} fails on such a version).
 *
 * <p>One per connection, added by {@link ConnectGate} after a CONNECT it passed; used on the
 * channel's event loop only.
 */
final class HoldUntilConnected extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(HoldUntilConnected.class);

    /** The handler Moquette 0.17 adds to a connection's pipeline once it is connected. */
    static final String MOQUETTE_READY_HANDLER = "inflightResender";
    static final long CHECK_MS = 1;
    static final long LIMIT_MS = 10_000;

    private final ArrayDeque<Object> held = new ArrayDeque<>();
    private final long since = System.nanoTime();
    private ScheduledFuture<?> check;
    private boolean readComplete;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (held.isEmpty() && ready(ctx)) {
            ctx.fireChannelRead(msg);
            leave(ctx);
            return;
        }
        held.add(msg);
        // No more reads from this client until then: what it sends meanwhile waits in its socket
        // (TCP pushes back), so the held packets are at most those of the read under way.
        ctx.channel().config().setAutoRead(false);
        if (check == null) {
            check = ctx.executor().schedule(() -> recheck(ctx), CHECK_MS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (held.isEmpty()) {
            ctx.fireChannelReadComplete();
        } else {
            readComplete = true;
        }
    }

    private void recheck(ChannelHandlerContext ctx) {
        check = null;
        if (ctx.isRemoved() || held.isEmpty()) {
            return;
        }
        boolean late = System.nanoTime() - since > TimeUnit.MILLISECONDS.toNanos(LIMIT_MS);
        if (!ready(ctx) && !late) {
            if (ctx.channel().isActive()) {
                check = ctx.executor().schedule(() -> recheck(ctx), CHECK_MS, TimeUnit.MILLISECONDS);
            }
            return;
        }
        if (late && !ready(ctx)) {
            log.warn("Moquette did not finish the connection of client {} within {} ms ({} handler never appeared);"
                    + " passing its packets on", io.moquette.broker.NettyUtils.clientID(ctx.channel()), LIMIT_MS,
                    MOQUETTE_READY_HANDLER);
        }
        log.debug("held {} packet(s) of client {} for {} ms until Moquette finished its connection", held.size(),
                io.moquette.broker.NettyUtils.clientID(ctx.channel()),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since));
        while (!held.isEmpty()) {
            ctx.fireChannelRead(held.poll());
        }
        if (readComplete) {
            ctx.fireChannelReadComplete();
        }
        leave(ctx);
        ctx.channel().config().setAutoRead(true);
    }

    private static boolean ready(ChannelHandlerContext ctx) {
        return ctx.pipeline().get(MOQUETTE_READY_HANDLER) != null;
    }

    private void leave(ChannelHandlerContext ctx) {
        if (!ctx.isRemoved()) {
            ctx.pipeline().remove(this);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseHeld();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
        releaseHeld();
    }

    private void releaseHeld() {
        while (!held.isEmpty()) {
            ReferenceCountUtil.release(held.poll());
        }
    }
}
