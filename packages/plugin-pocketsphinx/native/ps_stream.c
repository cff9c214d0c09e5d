/*
 * parley-ps-stream: a long-lived PocketSphinx recognizer speaking a tiny
 * framed protocol on stdin and JSON lines on stdout.
 *
 * Usage:
 *   parley-ps-stream [--partial-ms N] [--no-confidence] [pocketsphinx args...]
 *   e.g. parley-ps-stream -hmm DIR -dict FILE -lm FILE -logfn /dev/null
 *
 * Input frames (stdin), all integers little-endian:
 *   u8 type, u32 payload length, payload bytes
 *   'S' start utterance   payload: u32 utterance id (optional, default 0)
 *   'A' audio chunk       payload: 16 kHz mono signed 16-bit little-endian PCM
 *   'E' end utterance     payload: empty -> emits a "final" line
 *   'C' cancel utterance  payload: empty -> emits a "cancelled" line
 *   'P' ping              payload: empty -> emits a "pong" line
 *   'Q' quit              payload: empty -> exits 0
 * End of stdin also exits 0.
 *
 * Output lines (stdout), one JSON object per line:
 *   {"type":"ready","load_ms":...}
 *   {"type":"partial","id":N,"text":"...","audio_ms":...}
 *   {"type":"final","id":N,"text":"...","confidence":0..1,"audio_ms":...,
 *    "decode_ms":...,"process_ms":...,"words":[{"word":..,"start_ms":..,"end_ms":..},...]}
 *   {"type":"cancelled","id":N}
 *   {"type":"pong"}
 *   {"type":"error","message":"..."}
 * Audio received outside an utterance implicitly starts one (id 0).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pocketsphinx.h>
#include <sphinxbase/err.h>
#include <sphinxbase/logmath.h>

#define MAX_PAYLOAD (16u * 1024u * 1024u)
#define SAMPLE_RATE 16000

#ifndef PS_DEFAULT_MODELDIR
#define PS_DEFAULT_MODELDIR "/usr/share/pocketsphinx/model/en-us"
#endif

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1.0e6;
}

/* Write a JSON string literal (with quotes) for s. */
static void put_json_string(FILE *out, const char *s) {
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    fputc('"', out);
    for (; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (*p < 0x20) fprintf(out, "\\u%04x", *p);
            else fputc(*p, out);
        }
    }
    fputc('"', out);
}

static void emit_error(const char *msg) {
    fputs("{\"type\":\"error\",\"message\":", stdout);
    put_json_string(stdout, msg);
    fputs("}\n", stdout);
    fflush(stdout);
}

/* Read exactly n bytes; returns 1 on success, 0 on clean EOF at start, -1 on error/short read. */
static int read_exact(void *buf, size_t n) {
    size_t got = 0;
    while (got < n) {
        size_t r = fread((char *)buf + got, 1, n - got, stdin);
        if (r == 0) {
            if (got == 0 && feof(stdin)) return 0;
            return -1;
        }
        got += r;
    }
    return 1;
}

static uint32_t le32(const unsigned char *b) {
    return (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) | ((uint32_t)b[3] << 24);
}

/* Filler / silence tokens that should never appear in a transcript. */
static int is_filler(const char *w) {
    if (!w || !*w) return 1;
    return w[0] == '<' || w[0] == '[' || (w[0] == '+' && w[1] == '+');
}

typedef struct {
    ps_decoder_t *ps;
    int frate;
    int partial_samples; /* audio between partial checks, 0 disables partials */
    int want_confidence;

    int in_utt;
    uint32_t utt_id;
    long utt_samples;
    long since_partial;
    double process_ms;
    char *last_partial;
} state_t;

static int has_arg(int argc, char **argv, const char *name) {
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], name) == 0) return 1;
    return 0;
}

static int start_utt(state_t *st, uint32_t id) {
    if (st->in_utt) {
        /* Implicitly drop the previous utterance. */
        ps_end_utt(st->ps);
        st->in_utt = 0;
    }
    ps_start_stream(st->ps); /* restart frame counter so word times are utterance-relative */
    if (ps_start_utt(st->ps) < 0) {
        emit_error("ps_start_utt failed");
        return -1;
    }
    st->in_utt = 1;
    st->utt_id = id;
    st->utt_samples = 0;
    st->since_partial = 0;
    st->process_ms = 0.0;
    free(st->last_partial);
    st->last_partial = NULL;
    return 0;
}

static void maybe_emit_partial(state_t *st) {
    if (st->partial_samples <= 0 || st->since_partial < st->partial_samples) return;
    st->since_partial = 0;
    int32 score = 0;
    const char *hyp = ps_get_hyp(st->ps, &score);
    if (!hyp || !*hyp) return;
    if (st->last_partial && strcmp(st->last_partial, hyp) == 0) return;
    free(st->last_partial);
    st->last_partial = strdup(hyp);
    printf("{\"type\":\"partial\",\"id\":%u,\"text\":", st->utt_id);
    put_json_string(stdout, hyp);
    printf(",\"audio_ms\":%.1f}\n", (double)st->utt_samples * 1000.0 / SAMPLE_RATE);
    fflush(stdout);
}

static void process_audio(state_t *st, const unsigned char *data, uint32_t len) {
    if (!st->in_utt && start_utt(st, 0) < 0) return;
    size_t nsamp = len / 2;
    if (nsamp == 0) return;
    int16 *pcm = (int16 *)malloc(nsamp * sizeof(int16));
    if (!pcm) {
        emit_error("out of memory");
        return;
    }
    for (size_t i = 0; i < nsamp; i++)
        pcm[i] = (int16)((uint16_t)data[2 * i] | ((uint16_t)data[2 * i + 1] << 8));
    double t0 = now_ms();
    if (ps_process_raw(st->ps, pcm, nsamp, FALSE, FALSE) < 0) emit_error("ps_process_raw failed");
    st->process_ms += now_ms() - t0;
    free(pcm);
    st->utt_samples += (long)nsamp;
    st->since_partial += (long)nsamp;
    maybe_emit_partial(st);
}

static void end_utt(state_t *st) {
    uint32_t id = st->in_utt ? st->utt_id : 0;
    double audio_ms = (double)st->utt_samples * 1000.0 / SAMPLE_RATE;
    double t0 = now_ms();
    const char *hyp = NULL;
    double conf = 0.0;
    char *words = NULL;
    size_t words_len = 0;
    FILE *wout = open_memstream(&words, &words_len);
    if (st->in_utt) {
        ps_end_utt(st->ps);
        st->in_utt = 0;
        int32 score = 0;
        hyp = ps_get_hyp(st->ps, &score);
        if (hyp && *hyp && st->want_confidence) {
            conf = logmath_exp(ps_get_logmath(st->ps), ps_get_prob(st->ps));
            if (!(conf >= 0.0)) conf = 0.0; /* NaN guard */
            if (conf > 1.0) conf = 1.0;
        }
        if (hyp && *hyp && wout) {
            int first = 1;
            for (ps_seg_t *seg = ps_seg_iter(st->ps); seg; seg = ps_seg_next(seg)) {
                const char *w = ps_seg_word(seg);
                if (is_filler(w)) continue;
                int sf = 0, ef = 0;
                ps_seg_frames(seg, &sf, &ef);
                /* strip the alternate-pronunciation suffix, e.g. "the(2)" */
                char word[256];
                snprintf(word, sizeof word, "%s", w);
                char *paren = strchr(word, '(');
                if (paren && paren != word) *paren = '\0';
                if (!first) fputc(',', wout);
                first = 0;
                fputs("{\"word\":", wout);
                put_json_string(wout, word);
                fprintf(wout, ",\"start_ms\":%d,\"end_ms\":%d}", sf * 1000 / st->frate,
                        (ef + 1) * 1000 / st->frate);
            }
        }
    }
    if (wout) fclose(wout);
    double decode_ms = now_ms() - t0;

    printf("{\"type\":\"final\",\"id\":%u,\"text\":", id);
    put_json_string(stdout, hyp ? hyp : "");
    printf(",\"confidence\":%.4f,\"audio_ms\":%.1f,\"decode_ms\":%.3f,\"process_ms\":%.3f,\"words\":[%s]}\n",
           conf, audio_ms, decode_ms, st->process_ms, words ? words : "");
    fflush(stdout);
    free(words);
    st->utt_samples = 0;
    st->process_ms = 0.0;
    free(st->last_partial);
    st->last_partial = NULL;
}

int main(int argc, char **argv) {
    int partial_ms = 200;
    int want_confidence = 1;

    /* Split our own flags from pocketsphinx flags. */
    char **ps_argv = (char **)calloc((size_t)argc + 16, sizeof(char *));
    int ps_argc = 0;
    if (!ps_argv) return 2;
    ps_argv[ps_argc++] = argv[0];
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--partial-ms") == 0 && i + 1 < argc) {
            partial_ms = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--no-confidence") == 0) {
            want_confidence = 0;
        } else if (strcmp(argv[i], "--help") == 0) {
            fprintf(stderr, "usage: %s [--partial-ms N] [--no-confidence] [pocketsphinx args]\n", argv[0]);
            return 0;
        } else {
            ps_argv[ps_argc++] = argv[i];
        }
    }
    if (!has_arg(ps_argc, ps_argv, "-hmm")) {
        ps_argv[ps_argc++] = "-hmm";
        ps_argv[ps_argc++] = PS_DEFAULT_MODELDIR "/en-us";
    }
    if (!has_arg(ps_argc, ps_argv, "-dict")) {
        ps_argv[ps_argc++] = "-dict";
        ps_argv[ps_argc++] = PS_DEFAULT_MODELDIR "/cmudict-en-us.dict";
    }
    if (!has_arg(ps_argc, ps_argv, "-lm") && !has_arg(ps_argc, ps_argv, "-jsgf") &&
        !has_arg(ps_argc, ps_argv, "-kws") && !has_arg(ps_argc, ps_argv, "-keyphrase") &&
        !has_arg(ps_argc, ps_argv, "-fsg")) {
        ps_argv[ps_argc++] = "-lm";
        ps_argv[ps_argc++] = PS_DEFAULT_MODELDIR "/en-us.lm.bin";
    }

    double t_load = now_ms();
    cmd_ln_t *config = cmd_ln_parse_r(NULL, ps_args(), ps_argc, ps_argv, TRUE);
    if (!config) {
        emit_error("invalid pocketsphinx arguments");
        return 2;
    }
    ps_decoder_t *ps = ps_init(config);
    if (!ps) {
        emit_error("failed to initialize pocketsphinx decoder (check model paths)");
        return 3;
    }
    if ((int)cmd_ln_float_r(config, "-samprate") != SAMPLE_RATE) {
        emit_error("decoder -samprate must be 16000");
        return 2;
    }

    state_t st;
    memset(&st, 0, sizeof st);
    st.ps = ps;
    st.frate = (int)cmd_ln_int_r(config, "-frate");
    if (st.frate <= 0) st.frate = 100;
    st.partial_samples = partial_ms > 0 ? partial_ms * SAMPLE_RATE / 1000 : 0;
    st.want_confidence = want_confidence;

    printf("{\"type\":\"ready\",\"load_ms\":%.1f,\"partial_ms\":%d}\n", now_ms() - t_load, partial_ms);
    fflush(stdout);

    unsigned char *buf = (unsigned char *)malloc(64 * 1024);
    size_t cap = 64 * 1024;
    if (!buf) return 2;
    int rc = 0;
    for (;;) {
        unsigned char hdr[5];
        int r = read_exact(hdr, sizeof hdr);
        if (r == 0) break;
        if (r < 0) {
            emit_error("truncated frame header");
            rc = 1;
            break;
        }
        uint32_t len = le32(hdr + 1);
        if (len > MAX_PAYLOAD) {
            emit_error("frame payload too large");
            rc = 1;
            break;
        }
        if (len > cap) {
            unsigned char *nb = (unsigned char *)realloc(buf, len);
            if (!nb) {
                emit_error("out of memory");
                rc = 1;
                break;
            }
            buf = nb;
            cap = len;
        }
        if (len > 0 && read_exact(buf, len) != 1) {
            emit_error("truncated frame payload");
            rc = 1;
            break;
        }
        switch (hdr[0]) {
        case 'S':
            start_utt(&st, len >= 4 ? le32(buf) : 0);
            break;
        case 'A':
            process_audio(&st, buf, len);
            break;
        case 'E':
            end_utt(&st);
            break;
        case 'C':
            if (st.in_utt) {
                ps_end_utt(ps);
                st.in_utt = 0;
            }
            printf("{\"type\":\"cancelled\",\"id\":%u}\n", st.utt_id);
            fflush(stdout);
            break;
        case 'P':
            fputs("{\"type\":\"pong\"}\n", stdout);
            fflush(stdout);
            break;
        case 'Q':
            goto done;
        default:
            emit_error("unknown frame type");
            break;
        }
    }
done:
    if (st.in_utt) ps_end_utt(ps);
    free(st.last_partial);
    free(buf);
    ps_free(ps);
    cmd_ln_free_r(config);
    free(ps_argv);
    return rc;
}
