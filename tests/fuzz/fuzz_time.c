/*
 * fuzz_time.c: libFuzzer target for the time tagger: any bytes as text, with a DCT taken
 * from the first bytes (or none), then checks that every expression's span lies inside the
 * text and that every value is set. The tagger must also never loop or blow up on input
 * such as digit runs or month-name runs (libFuzzer's -timeout catches that).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_ctx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cc_context *ctx = fuzz_context(CC_STAGE_TIME);
    cc_date dct = {0, 0, 0}, *pdct = NULL;
    if (size >= 3 && data[0] < 128) { /* the first bytes choose a DCT, valid or not */
        dct.year = 1900 + data[0] * 2;
        dct.month = 1 + data[1] % 12;
        dct.day = 1 + data[2] % 31;
        if (cc_date_valid(dct.year, dct.month, dct.day))
            pdct = &dct;
        data += 3;
        size -= 3;
    }
    char *text = malloc(size + 1); /* the API takes text with a length; keep it exact */
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    cc_timex *t = NULL;
    size_t n = 0;
    if (cc_time_tag_text(&t, &n, ctx, text, size, pdct) == 0) {
        for (size_t i = 0; i < n; i++)
            if (t[i].span.start > t[i].span.end || t[i].span.end > size || !t[i].value)
                abort();
        cc_timex_free(t, n);
    }
    free(text);
    return 0;
}
