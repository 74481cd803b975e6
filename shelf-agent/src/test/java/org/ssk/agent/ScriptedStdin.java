package org.ssk.agent;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A technician at the keyboard: stdin that hands out one line per read, running that line's action
 * (putting a weight on a fake tray) just before the command gets to read it, so the action happens
 * after the prompt it answers. End of the script is end of input (Ctrl-D).
 */
final class ScriptedStdin extends InputStream {
    private record Line(Runnable before, String text) {
    }

    private final Deque<Line> lines = new ArrayDeque<>();
    private byte[] current = new byte[0];
    private int pos;

    ScriptedStdin type(String text) {
        return then(() -> { }, text);
    }

    ScriptedStdin then(Runnable before, String text) {
        lines.add(new Line(before, text));
        return this;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (pos == current.length) {
            Line next = lines.poll();
            if (next == null) {
                return -1;
            }
            next.before().run();
            current = (next.text() + "\n").getBytes(StandardCharsets.UTF_8);
            pos = 0;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Nothing is buffered beyond the line handed out, so readers do not read ahead. */
    @Override
    public int available() {
        return 0;
    }
}
