package org.ssk.hub;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;

/**
 * Who runs the hub, as its screens show it: the center's name in Chinese and English, the time
 * zone its days, months, reports, ledger pages and exports are counted in (one per center), and an
 * optional logo file (PNG, JPEG or SVG) shown on the kiosks and the console. Part of
 * {@link HubConfig} ({@code "center": {"name", "name_en", "time_zone", "logo"}} in the file;
 * {@code SSK_CENTER_NAME}, {@code SSK_CENTER_NAME_EN}, {@code SSK_TIME_ZONE}, {@code SSK_CENTER_LOGO}).
 * Missing values take the defaults below.
 */
public record Center(String name, String nameEn, String timeZone, String logo) {
    public static final String DEFAULT_NAME = "消费扶贫专柜";
    public static final String DEFAULT_NAME_EN = "Poverty-alleviation counter";
    public static final String DEFAULT_TIME_ZONE = "Asia/Shanghai";

    public Center {
        name = blank(name) ? DEFAULT_NAME : name.strip();
        nameEn = blank(nameEn) ? DEFAULT_NAME_EN : nameEn.strip();
        timeZone = blank(timeZone) ? DEFAULT_TIME_ZONE : timeZone.strip();
        logo = blank(logo) ? null : logo.strip();
    }

    public static Center defaults() {
        return new Center(null, null, null, null);
    }

    /** The center's zone; call {@link #problems} first (an unknown zone throws here). */
    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    /** Each problem of this center's settings in words, for {@link HubConfig#validate()}. */
    List<String> problems() {
        List<String> out = new java.util.ArrayList<>();
        try {
            ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            out.add("center.time_zone (SSK_TIME_ZONE): a zone such as Asia/Shanghai, was " + timeZone);
        }
        if (name.length() > 40 || nameEn.length() > 60) {
            out.add("center.name / name_en: at most 40 / 60 characters (they head every kiosk)");
        }
        if (logo != null && !(Files.isRegularFile(Path.of(logo))
                && logo.toLowerCase(java.util.Locale.ROOT).matches(".*\\.(png|jpe?g|svg)"))) {
            out.add("center.logo (SSK_CENTER_LOGO): a PNG, JPEG or SVG file, was " + logo);
        }
        return out;
    }

    Center withEnv(java.util.function.Function<String, String> get) {
        return new Center(or(get.apply("SSK_CENTER_NAME"), name), or(get.apply("SSK_CENTER_NAME_EN"), nameEn),
                or(get.apply("SSK_TIME_ZONE"), timeZone), or(get.apply("SSK_CENTER_LOGO"), logo));
    }

    private static String or(String v, String dflt) {
        return v != null ? v : dflt;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
