package org.ssk.hub.http;

import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ssk.sheets.Sheets;

/**
 * Raw-body uploads (the console sends a file as the request body, its type in Content-Type): the
 * declared type must be one this endpoint takes and the first bytes must match it, else 415; a
 * body over {@link RouterFactory#UPLOAD_LIMIT_BYTES} is 413, an empty one 400. Images are PNG,
 * JPEG or WebP; tables are CSV (UTF-8) or XLSX (a ZIP, magic {@code PK}). Pure checks; thread-safe.
 */
public final class Uploads {
    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /** An accepted image: the file extension to store it under and its type. */
    public record Image(String extension, String contentType, byte[] bytes) {
    }

    private Uploads() {
    }

    /** The body's bytes, checked for size; the Content-Type without parameters, lower case. */
    static byte[] bytes(RoutingContext ctx) {
        byte[] b = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        if (b.length > RouterFactory.UPLOAD_LIMIT_BYTES) {
            throw new ApiError(413, "too_large", "upload over " + RouterFactory.UPLOAD_LIMIT_BYTES / 1024 / 1024 + " MiB");
        }
        if (b.length == 0) {
            throw ApiError.badRequest("the request body is empty; send the file itself as the body");
        }
        return b;
    }

    static String type(RoutingContext ctx) {
        String t = ctx.request().getHeader("content-type");
        return t == null ? "" : t.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    /** The uploaded image of the request, or a 413/415/400 {@link ApiError}. */
    public static Image image(RoutingContext ctx) {
        String type = type(ctx);
        byte[] b = bytes(ctx);
        return image(type, b);
    }

    /** {@code bytes} declared as {@code type}: accepted when the magic bytes agree with it. */
    public static Image image(String type, byte[] b) {
        String ext = switch (type) {
            case "image/png" -> starts(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A) ? "png" : null;
            case "image/jpeg" -> starts(b, 0, 0xFF, 0xD8, 0xFF) ? "jpg" : null;
            case "image/webp" -> starts(b, 0, 'R', 'I', 'F', 'F') && starts(b, 8, 'W', 'E', 'B', 'P') ? "webp" : null;
            default -> throw new ApiError(415, "unsupported_type",
                    "images must be image/png, image/jpeg or image/webp, was: " + (type.isEmpty() ? "none" : type));
        };
        if (ext == null) {
            throw new ApiError(415, "unsupported_type", "the file is not a " + type + " (its first bytes do not match)");
        }
        return new Image(ext, type, b);
    }

    /**
     * The uploaded table (header first) of a CSV or XLSX body, parsed on a worker thread so a
     * large or hostile workbook never holds the event loop ({@code /health} keeps answering);
     * fails with a 413/415/400 {@link ApiError}. Call on the event loop.
     */
    public static io.vertx.core.Future<List<List<String>>> table(RoutingContext ctx) {
        String type;
        byte[] b;
        try {
            type = type(ctx);
            b = bytes(ctx);
        } catch (ApiError e) {
            return io.vertx.core.Future.failedFuture(e);
        }
        return ctx.vertx().executeBlocking(() -> table(type, b), false);
    }

    public static List<List<String>> table(String type, byte[] b) {
        boolean zip = starts(b, 0, 'P', 'K', 3, 4);
        switch (type) {
            case "text/csv" -> {
                if (zip) {
                    throw new ApiError(415, "unsupported_type", "the file is an XLSX/ZIP, not CSV; send it as " + XLSX);
                }
                return Sheets.fromCsv(b);
            }
            case XLSX -> {
                if (!zip) {
                    throw new ApiError(415, "unsupported_type", "the file is not an XLSX workbook (no PK header)");
                }
                try {
                    return Sheets.fromXlsx(b);
                } catch (org.ssk.sheets.ZipLimits.Refused e) {
                    throw e.tooLarge() ? new ApiError(413, "too_large", e.getMessage()) : ApiError.badRequest(e.getMessage());
                } catch (IOException | RuntimeException e) {
                    // The parser's own message names its classes; the operator needs what to do.
                    throw ApiError.badRequest("the XLSX workbook cannot be read: it is damaged or not a workbook;"
                            + " save it again from the spreadsheet program as .xlsx");
                }
            }
            default -> throw new ApiError(415, "unsupported_type", "tables must be text/csv or " + XLSX + ", was: "
                    + (type.isEmpty() ? "none" : type));
        }
    }

    private static boolean starts(byte[] b, int offset, int... magic) {
        if (b.length < offset + magic.length) {
            return false;
        }
        byte[] want = new byte[magic.length];
        for (int i = 0; i < magic.length; i++) {
            want[i] = (byte) magic[i];
        }
        return Arrays.equals(b, offset, offset + magic.length, want, 0, want.length);
    }
}
