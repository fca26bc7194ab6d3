/*
 * normalize.c: turns a file's bytes into the document text (crosscheck.h, "Offsets") and
 * keeps an exact map back to the bytes.
 *
 * One linear pass: ASCII runs are copied as they are; CRLF becomes LF and a lone CR becomes
 * LF; a leading BOM, NUL bytes and zero-width characters (U+200B-U+200D, U+2060, U+FEFF) are
 * dropped; each invalid UTF-8 sequence (overlong, surrogate, above U+10FFFF, truncated; the
 * maximal invalid subpart counts as one) becomes U+FFFD. Non-ASCII text is cut into short
 * chunks (a starter and the marks after it, with the ASCII byte before when that byte may
 * compose with what follows) and each chunk is put in NFC with utf8proc; a chunk that changes
 * becomes a replaced region of the map. Chunks end before a character that cannot compose
 * with what precedes it (every character that can be the second of a canonical composition
 * is a mark or a conjoining Hangul jamo), so NFC per chunk equals NFC of the whole text and no
 * pass ever rescans text.
 *
 * The map (doc->anchors) follows internal.h: identity runs need one anchor at their start, a
 * replaced region [t0,t1) <- [r0,r1) one at t0 and one at t1; dropped bytes simply move the
 * next anchor's raw offset forward.
 *
 * Not here: metadata, boilerplate, segmentation.
 */
#include <string.h>
#include <utf8proc.h>

#include "load_internal.h"

enum { MAX_INVALID_REPORTS = 5 };

typedef struct {
    struct cc_doc *doc;
    const struct cc_context *ctx;
    cc_buf text;
    int oom;
    /* where the last identity-copied ASCII byte ends, in raw and text (composition lead) */
    size_t ascii_raw_end, ascii_text_end;
    /* position of the scan in raw lines, for diagnostics */
    long line;
    size_t line_start;
    long ninvalid;
} normalizer;

static void set_anchor(normalizer *nz, size_t t, size_t r)
{
    cc_vec *v = &nz->doc->anchors;
    if (v->n) {
        cc_anchor *last = CC_VEC_AT(v, cc_anchor, v->n - 1);
        if (last->text == t) {
            last->raw = r;
            return;
        }
        if (last->raw + (t - last->text) == r)
            return;
    }
    cc_anchor *a = cc_vec_push(v);
    if (!a) {
        nz->oom = 1;
        return;
    }
    a->text = t;
    a->raw = r;
}

static void emit_copy(normalizer *nz, const char *bytes, size_t len, size_t raw)
{
    set_anchor(nz, nz->text.len, raw);
    if (cc_buf_append(&nz->text, bytes, len) < 0)
        nz->oom = 1;
}

/* Text that stands for raw[r0, r1) with other bytes. */
static void emit_replaced(normalizer *nz, const char *bytes, size_t len, size_t r0, size_t r1)
{
    set_anchor(nz, nz->text.len, r0);
    if (cc_buf_append(&nz->text, bytes, len) < 0)
        nz->oom = 1;
    set_anchor(nz, nz->text.len, r1);
}

/* Decodes one UTF-8 sequence at p[0..n). Returns its length and sets *cp, or returns 0 and
 * sets *bad to the length of the maximal invalid subpart (at least 1). */
static size_t utf8_decode(const unsigned char *p, size_t n, int32_t *cp, size_t *bad)
{
    unsigned c = p[0], lo = 0x80, hi = 0xBF;
    size_t need;
    if (c < 0x80) {
        *cp = (int32_t)c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF)
        need = 1;
    else if (c >= 0xE0 && c <= 0xEF)
        need = 2, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    else if (c >= 0xF0 && c <= 0xF4)
        need = 3, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    else {
        *bad = 1;
        return 0;
    }
    uint32_t v = c & (0x3Fu >> need);
    for (size_t i = 1; i <= need; i++) {
        unsigned b = i < n ? p[i] : 0;
        if (i >= n || b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF)) {
            *bad = i;
            return 0;
        }
        v = v << 6 | (b & 0x3F);
    }
    *cp = (int32_t)v;
    return need + 1;
}

static int is_zero_width(int32_t c)
{
    return (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF;
}

/* A character before which a chunk may end: it never composes with what precedes it
 * (combining class 0, not a mark, not a conjoining Hangul vowel or final). */
static int is_safe_starter(int32_t c)
{
    if (c >= 0x1100 && c <= 0x11FF)
        return 0;
    const utf8proc_property_t *p = utf8proc_get_property(c);
    return p->combining_class == 0 && p->category != UTF8PROC_CATEGORY_MN &&
           p->category != UTF8PROC_CATEGORY_MC && p->category != UTF8PROC_CATEGORY_ME;
}

static int has_decomposition(int32_t c)
{
    return utf8proc_get_property(c)->decomp_seqindex != UINT16_MAX;
}

/* Emits raw[cs, ce), whose first byte is already in the text when `lead` is set. */
static void flush_chunk(normalizer *nz, size_t cs, size_t ce, int lead, int simple)
{
    const char *raw = nz->doc->raw;
    size_t body = cs + (lead ? 1 : 0);
    if (ce <= body)
        return;
    if (simple && !lead) {
        emit_copy(nz, raw + cs, ce - cs, cs);
        return;
    }
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)raw + cs, (utf8proc_ssize_t)(ce - cs),
                                      &out, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (m < 0) {
        if (m == UTF8PROC_ERROR_NOMEM)
            nz->oom = 1;
        else
            emit_copy(nz, raw + body, ce - body, body);
    } else if ((size_t)m == ce - cs && memcmp(out, raw + cs, ce - cs) == 0) {
        emit_copy(nz, raw + body, ce - body, body);
    } else {
        if (lead)
            nz->text.len--; /* the lead byte is part of the replaced region */
        emit_replaced(nz, (const char *)out, (size_t)m, cs, ce);
    }
    free(out);
}

static void report_invalid(normalizer *nz, size_t at, size_t len)
{
    const struct cc_context *ctx = nz->ctx;
    nz->ninvalid++;
    if (nz->ninvalid > MAX_INVALID_REPORTS)
        return;
    char bytes[40] = "";
    const unsigned char *p = (const unsigned char *)nz->doc->raw + at;
    for (size_t i = 0; i < len && i < 4; i++)
        snprintf(bytes + strlen(bytes), sizeof bytes - strlen(bytes), "%s0x%02X", i ? " " : "",
                 p[i]);
    cc_diag_emit(ctx, ctx->opts.strict ? CC_DIAG_ERROR : CC_DIAG_WARNING, "utf8-invalid",
                 nz->doc->path, nz->line, (long)(at - nz->line_start) + 1, (long long)at,
                 "invalid UTF-8 at byte %zu (%s)%s", at, bytes,
                 ctx->opts.strict ? "" : ": replaced by U+FFFD");
}

/* Handles the non-ASCII characters from raw[i]; returns where ASCII starts again. */
static size_t nonascii_run(normalizer *nz, size_t i)
{
    const unsigned char *raw = (const unsigned char *)nz->doc->raw;
    size_t n = nz->doc->raw_len;
    int lead = nz->ascii_raw_end == i && nz->ascii_text_end == nz->text.len && i > 0 &&
               raw[i - 1] != '\n';
    size_t cs = lead ? i - 1 : i;
    int nchars = 0, simple = 1;
    while (i < n && raw[i] >= 0x80) {
        int32_t c;
        size_t bad = 0, len = utf8_decode(raw + i, n - i, &c, &bad);
        if (len == 0 || is_zero_width(c)) {
            flush_chunk(nz, cs, i, lead, simple && nchars == 1);
            if (len == 0) {
                report_invalid(nz, i, bad);
                emit_replaced(nz, "\xEF\xBF\xBD", 3, i, i + bad);
            }
            i += len ? len : bad;
            cs = i;
            lead = 0;
            nchars = 0;
            simple = 1;
            continue;
        }
        if (nchars > 0 && is_safe_starter(c)) {
            flush_chunk(nz, cs, i, lead, simple && nchars == 1);
            cs = i;
            lead = 0;
            nchars = 0;
            simple = 1;
        }
        if (nchars == 0 && (!is_safe_starter(c) || has_decomposition(c)))
            simple = 0;
        if (nchars == 0 && lead && is_safe_starter(c)) {
            lead = 0; /* nothing composes with the ASCII byte before */
            cs = i;
        }
        nchars++;
        i += len;
    }
    flush_chunk(nz, cs, i, lead, simple && nchars == 1);
    return i;
}

/* Copies the ASCII bytes from raw[i] up to the next byte that needs care. */
static size_t ascii_run(normalizer *nz, size_t i)
{
    const char *raw = nz->doc->raw;
    size_t n = nz->doc->raw_len, j = i;
    while (j < n && raw[j] != '\0' && raw[j] != '\r' && (unsigned char)raw[j] < 0x80)
        j++;
    for (const char *p = raw + i; (p = memchr(p, '\n', (size_t)(raw + j - p))) != NULL; p++) {
        nz->line++;
        nz->line_start = (size_t)(p - raw) + 1;
    }
    emit_copy(nz, raw + i, j - i, i);
    nz->ascii_raw_end = j;
    nz->ascii_text_end = nz->text.len;
    return j;
}

long cc_normalize(struct cc_doc *doc, const struct cc_context *ctx)
{
    normalizer nz = {doc, ctx, CC_BUF_INIT, 0, (size_t)-1, 0, 1, 0, 0};
    const char *raw = doc->raw;
    size_t n = doc->raw_len, i = 0, nul = 0, first_nul = 0;
    if (cc_buf_reserve(&nz.text, n) < 0)
        return cc_seterr(CC_ENOMEM, "out of memory");
    if (n >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    set_anchor(&nz, 0, i);
    while (i < n && !nz.oom) {
        unsigned char c = (unsigned char)raw[i];
        if (c >= 0x80)
            i = nonascii_run(&nz, i);
        else if (c == '\0') {
            if (nul++ == 0)
                first_nul = i;
            i++;
        } else if (c == '\r') {
            if (i + 1 >= n || raw[i + 1] != '\n')
                emit_copy(&nz, "\n", 1, i); /* same length: the map stays exact */
            i++;
        } else
            i = ascii_run(&nz, i);
    }
    set_anchor(&nz, nz.text.len, n);
    if (nz.oom || nz.text.oom) {
        cc_buf_free(&nz.text);
        return cc_seterr(CC_ENOMEM, "out of memory");
    }
    doc->text = cc_buf_detach(&nz.text, &doc->text_len);
    doc->text_hash = cc_hash64(doc->text ? doc->text : "", doc->text_len);
    if (nz.ninvalid > MAX_INVALID_REPORTS)
        cc_diag_emit(ctx, ctx->opts.strict ? CC_DIAG_ERROR : CC_DIAG_WARNING, "utf8-invalid",
                     doc->path, 0, 0, -1, "%ld more invalid UTF-8 sequences",
                     nz.ninvalid - MAX_INVALID_REPORTS);
    if (nul)
        cc_diag_emit(ctx, CC_DIAG_WARNING, "nul-byte", doc->path, 0, 0, (long long)first_nul,
                     "%zu NUL byte%s dropped (first at byte %zu)", nul, nul == 1 ? "" : "s",
                     first_nul);
    return nz.ninvalid;
}
