#include "util/json.h"

#include "util/buf.h"

json_t *al_json_text(const char *s)
{
    json_t *v = json_string(s ? s : "");
    if (v) return v;
    AlBuf b = AL_BUF_INIT;
    al_buf_add_utf8(&b, s);
    v = json_string(al_buf_cstr(&b));
    al_buf_release(&b);
    return v;
}
