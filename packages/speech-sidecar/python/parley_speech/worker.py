"""A speech worker: hosts one engine and serves requests from its parent over stdin/stdout.

    python -m parley_speech.worker whisper <model-dir> [--threads N]
    python -m parley_speech.worker piper <voice.onnx> [--threads N]

Requests (see protocol.py): {"id", "op": "transcribe", "sampleRate", "language"} + PCM,
{"id", "op": "synthesize", "text"}. Replies carry the same id; synthesis replies are PCM chunks
followed by {"id", "done": true}. A failed request answers {"id", "error"} and the worker goes on.
"""

import argparse
import sys
import time
import traceback

from .protocol import Channel


def main() -> int:
    parser = argparse.ArgumentParser(prog="parley_speech.worker")
    parser.add_argument("engine", choices=["whisper", "piper"])
    parser.add_argument("model")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    channel = Channel()

    started = time.perf_counter()
    try:
        if args.engine == "whisper":
            from .engines import WhisperEngine

            engine = WhisperEngine(args.model, args.threads)
        else:
            from .engines import PiperEngine

            engine = PiperEngine(args.model, args.threads)
        engine.warmup()
    except Exception as error:  # the parent shows this line to whoever runs the agent
        channel.send({"ready": False, "error": f"{type(error).__name__}: {error}"})
        return 2
    ready = {"ready": True, "engine": args.engine, "loadMs": round((time.perf_counter() - started) * 1000)}
    if args.engine == "piper":
        ready["sampleRate"] = engine.sample_rate
    channel.send(ready)

    while True:
        try:
            message = channel.read()
        except Exception as error:
            channel.send({"id": None, "error": f"bad request: {error}"})
            return 3
        if message is None:
            return 0
        header, payload = message
        request_id = header.get("id")
        try:
            op = header.get("op")
            if op == "transcribe" and args.engine == "whisper":
                result = engine.transcribe(payload, int(header.get("sampleRate", 16000)), str(header.get("language", "en")), int(header.get("windowS", 30)))
                channel.send({"id": request_id, **result})
            elif op == "synthesize" and args.engine == "piper":
                started = time.perf_counter()
                for pcm, rate in engine.synthesize(str(header.get("text", ""))):
                    channel.send({"id": request_id, "sampleRate": rate}, pcm)
                channel.send({"id": request_id, "done": True, "synthMs": round((time.perf_counter() - started) * 1000, 1)})
            elif op == "ping":
                channel.send({"id": request_id, "pong": True})
            else:
                channel.send({"id": request_id, "error": f"unsupported op {op!r} for the {args.engine} worker"})
        except Exception as error:
            traceback.print_exc(file=sys.stderr)
            channel.send({"id": request_id, "error": f"{type(error).__name__}: {error}"})


if __name__ == "__main__":
    sys.exit(main())
