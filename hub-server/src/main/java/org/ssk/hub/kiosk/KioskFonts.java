package org.ssk.hub.kiosk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Chinese web fonts the hub serves to its pages ({@code /assets/fonts/NAME.otf}), read from
 * a local folder, by default Debian's fonts-noto-cjk ({@code /usr/share/fonts/opentype/noto/}):
 * nothing is downloaded and nothing big lives in the repository. Each served name is the Simplified
 * Chinese face of Noto Sans or Serif CJK in one weight, found either as a standalone OpenType file
 * or inside the package's collection ({@code NotoSansCJK-Regular.ttc}, cut out by
 * {@link FontCollection}). Reads files on every call (callers run it off the event loop); holds no
 * state beyond the folder; thread-safe.
 */
public final class KioskFonts {
    /** The Debian/Ubuntu fonts-noto-cjk folder. */
    public static final String DEBIAN_DIR = "/usr/share/fonts/opentype/noto";

    /** One font the pages can ask for, and where it may be found in the folder. */
    record Face(String family, List<String> files) {
    }

    /** Served name → face; the names are fixed so a URL can never reach another file. */
    static final Map<String, Face> FACES = Map.of(
            "NotoSansSC-Regular.otf", new Face("Noto Sans CJK SC",
                    List.of("NotoSansCJKsc-Regular.otf", "NotoSansSC-Regular.otf", "NotoSansCJK-Regular.ttc")),
            "NotoSansSC-Bold.otf", new Face("Noto Sans CJK SC",
                    List.of("NotoSansCJKsc-Bold.otf", "NotoSansSC-Bold.otf", "NotoSansCJK-Bold.ttc")),
            "NotoSerifSC-Regular.otf", new Face("Noto Serif CJK SC",
                    List.of("NotoSerifCJKsc-Regular.otf", "NotoSerifSC-Regular.otf", "NotoSerifCJK-Regular.ttc")),
            "NotoSerifSC-Bold.otf", new Face("Noto Serif CJK SC",
                    List.of("NotoSerifCJKsc-Bold.otf", "NotoSerifSC-Bold.otf", "NotoSerifCJK-Bold.ttc")));

    /** A served font: its bytes and a tag that changes when the source file does. */
    public record Font(byte[] bytes, String etag) {
    }

    private final Path dir;

    public KioskFonts(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Whether {@code name} is one of the served names. */
    public static boolean known(String name) {
        return name != null && FACES.containsKey(name);
    }

    /**
     * The source file of {@code name} and its version tag, without reading it; empty when the
     * name is unknown or no candidate file exists in the folder.
     */
    public Optional<String> etag(String name) throws IOException {
        Optional<Path> file = source(name);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        Path f = file.get();
        return Optional.of("\"" + name + "-" + Files.size(f) + "-" + Files.getLastModifiedTime(f).toMillis() + "\"");
    }

    /** The font served as {@code name}; empty when it is unknown or not installed. */
    public Optional<Font> read(String name) throws IOException, FontCollection.FontException {
        Optional<Path> file = source(name);
        Optional<String> tag = etag(name);
        if (file.isEmpty() || tag.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = Files.readAllBytes(file.get());
        Optional<byte[]> face = FontCollection.extract(bytes, FACES.get(name).family());
        if (face.isEmpty()) {
            throw new FontCollection.FontException(file.get() + " holds no face of " + FACES.get(name).family()
                    + " (it has " + FontCollection.families(bytes) + ")");
        }
        return Optional.of(new Font(face.get(), tag.get()));
    }

    /** The served names whose source is present, for the start-up log. */
    public List<String> available() {
        return FACES.keySet().stream().sorted().filter(n -> source(n).isPresent()).toList();
    }

    private Optional<Path> source(String name) {
        Face face = FACES.get(name);
        if (face == null) {
            return Optional.empty();
        }
        return face.files().stream().map(dir::resolve).filter(Files::isRegularFile).findFirst();
    }
}
