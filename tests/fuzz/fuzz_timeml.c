/*
 * fuzz_timeml.c: libFuzzer target for the TimeML reader of `eval time` (src/cli/timeml.c,
 * libxml2 underneath): any bytes as a .tml document, read from memory. A document that
 * reads has gold spans inside its text and is then tagged against its DCT, as eval does.
 */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_ctx.h"
#include "timeml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cc_context *ctx = fuzz_context(CC_STAGE_TIME);
    tml_doc d;
    if (tml_read_memory(&d, (const char *)data, size, "fuzz.tml") == 0) {
        for (size_t i = 0; i < d.ngold; i++)
            if (d.gold[i].start > d.gold[i].end || d.gold[i].end > d.text.len)
                abort();
        cc_timex *t = NULL;
        size_t n = 0;
        if (cc_time_tag_text(&t, &n, ctx, d.text.data, d.text.len, d.dct.year ? &d.dct : NULL)
            == 0)
            cc_timex_free(t, n);
    }
    tml_doc_free(&d);
    return 0;
}
