package org.ssk.hub.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's short product video, made at demo start by the demo itself: frames drawn with Java2D
 * (dawn over terraced fields, rice swaying, the product's name) piped as raw BGR frames to
 * {@code ffmpeg}, which encodes a muted VP8 WebM, the format every kiosk Chromium plays. Encoded at
 * libvpx's realtime speed: a drawn clip looks the same and every demo start (and every test that
 * starts one) is seconds quicker than with PNG frames at the default "good" speed. Only when {@code ffmpeg}
 * is on the PATH: nothing is downloaded, and without it the demo simply has no clip (the kiosk's
 * idle loop shows the product pictures). An existing file is kept.
 */
public final class DemoVideo {
    private static final Logger log = LoggerFactory.getLogger(DemoVideo.class);
    static final int WIDTH = 640;
    static final int HEIGHT = 360;
    static final int FPS = 12;
    static final int FRAMES = FPS * 6;

    private DemoVideo() {
    }

    /** The path of {@code ffmpeg} on the PATH, or null. */
    static Path ffmpeg() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "ffmpeg");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Writes {@code out} (a WebM) showing {@code title}, if ffmpeg is there and the file is not;
     * true when the file exists afterwards.
     */
    public static boolean make(Path out, String title) throws InterruptedException {
        if (Files.exists(out)) {
            return true;
        }
        Path ffmpeg = ffmpeg();
        if (ffmpeg == null) {
            log.info("demo: no ffmpeg on the PATH, so no demo video (install ffmpeg to get one)");
            return false;
        }
        try {
            Files.createDirectories(out.getParent());
            Path tmp = out.resolveSibling(out.getFileName() + ".part.webm");
            Process p = new ProcessBuilder(List.of(ffmpeg.toString(), "-loglevel", "error", "-y", "-f", "rawvideo",
                    "-pix_fmt", "bgr24", "-s", WIDTH + "x" + HEIGHT, "-framerate", String.valueOf(FPS), "-i", "-",
                    "-an", "-c:v", "libvpx", "-b:v", "600k", "-deadline", "realtime", "-cpu-used", "8",
                    "-pix_fmt", "yuv420p", tmp.toString())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try (OutputStream in = p.getOutputStream()) {
                for (int i = 0; i < FRAMES; i++) {
                    in.write(((java.awt.image.DataBufferByte) frame(i, title).getRaster().getDataBuffer()).getData());
                }
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                log.warn("demo: ffmpeg took too long; no demo video");
                return false;
            }
            if (p.exitValue() != 0 || !Files.exists(tmp)) {
                log.warn("demo: ffmpeg failed (exit {}); no demo video", p.exitValue());
                return false;
            }
            Files.move(tmp, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            log.warn("demo: no demo video: {}", e.toString());
            return false;
        }
    }

    /** Frame {@code i} of the clip, 3-byte BGR (the raw layout ffmpeg reads as bgr24). */
    static BufferedImage frame(int i, String title) {
        double t = i / (double) FRAMES;
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, new Color(250, 200 - (int) (40 * t), 150), 0, HEIGHT / 2f,
                    new Color(253, 246, 227)));
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(new Color(246, 196, 83));
            int sun = (int) (220 - 120 * t);
            g.fillOval(470, sun, 70, 70);
            Color[] greens = {new Color(156, 196, 154), new Color(111, 165, 109), new Color(77, 138, 79)};
            for (int k = 0; k < 3; k++) {
                Path2D hill = new Path2D.Double();
                int y = 190 + 45 * k;
                hill.moveTo(0, y);
                hill.curveTo(160, y - 40, 420, y + 30, WIDTH, y - 10);
                hill.lineTo(WIDTH, HEIGHT);
                hill.lineTo(0, HEIGHT);
                hill.closePath();
                g.setColor(greens[k]);
                g.fill(hill);
            }
            g.setStroke(new BasicStroke(3f));
            for (int s = 0; s < 26; s++) {
                int x = 20 + s * 24;
                double sway = Math.sin(2 * Math.PI * (t * 2 + s / 7.0)) * 8;
                g.setColor(new Color(120, 150, 60));
                g.drawLine(x, HEIGHT, (int) (x + sway), HEIGHT - 70);
                g.setColor(new Color(222, 184, 90));
                g.fillOval((int) (x + sway) - 4, HEIGHT - 84, 9, 18);
            }
            g.setColor(new Color(17, 26, 20, 200));
            g.fillRoundRect(40, 24, WIDTH - 80, 56, 16, 16);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 30));
            int w = g.getFontMetrics().stringWidth(title);
            g.drawString(title, (WIDTH - w) / 2, 63);
        } finally {
            g.dispose();
        }
        return img;
    }
}
