/* load.c: STUB to be replaced by the load stage (files, metadata, normalization). */
#include <string.h>

#include "internal.h"

int cc_load_init(struct cc_context *ctx) { (void)ctx; return 0; }
void cc_load_fini(struct cc_context *ctx) { (void)ctx; }

int cc_corpus_add_buffer(cc_corpus *c, const char *name, const char *data, size_t len)
{
    cc_doc *d = cc_xcalloc(1, sizeof *d);
    cc_doc **slot = cc_vec_push(&c->docs);
    if (!d || !slot)
        return cc_seterr(CC_ENOMEM, "out of memory");
    *slot = d;
    d->anchors = (cc_vec)CC_VEC_INIT(cc_anchor);
    d->meta = (cc_vec)CC_VEC_INIT(cc_meta);
    d->removals = (cc_vec)CC_VEC_INIT(cc_removal);
    d->sentences = (cc_vec)CC_VEC_INIT(cc_sentence);
    d->tokens = (cc_vec)CC_VEC_INIT(cc_token);
    d->path = cc_strdup(name);
    d->id = cc_strdup(name);
    d->raw = cc_strndup(data, len);
    d->raw_len = len;
    d->text = cc_strndup(data, len);
    d->text_len = len;
    cc_hash_hex(data, len, d->checksum);
    return 0;
}

int cc_corpus_add_path(cc_corpus *c, const char *path)
{
    char *data;
    size_t len;
    int rc = cc_read_file(path, &data, &len);
    if (rc < 0) {
        c->nerrors++;
        return rc;
    }
    rc = cc_corpus_add_buffer(c, path, data, len);
    free(data);
    return rc;
}
