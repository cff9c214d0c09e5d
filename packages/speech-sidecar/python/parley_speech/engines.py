"""The neural speech engines a worker can host: Whisper (CTranslate2) and Piper (ONNX)."""

import os
import time
from typing import Iterator, Tuple

import numpy as np

# A hypothesis Whisper itself judges as non-speech (the usual "Thank you." on noise) is dropped.
NO_SPEECH_PROB = 0.6
MIN_AVG_LOGPROB = -1.0
FULL_WINDOW_S = 30
# Encoder windows a request may grow into when its audio does not fit the one it asked for.
WINDOW_LADDER_S = (10, 15, 20, FULL_WINDOW_S)
PAD_S = 0.3
SAMPLE_RATE = 16000


def trim_repetition(text: str) -> str:
    """Cuts the loop a shortened window can fall into ("Set a timer. Set a timer. Set a")."""
    words = text.split()
    for size in range(1, len(words) // 2 + 1):
        head = words[:size]
        rest = words[size:]
        if rest and all(word.strip(".,?!").lower() == head[i % size].strip(".,?!").lower() for i, word in enumerate(rest)):
            return " ".join(head)
    return text


def fitting_window(requested_s: int, audio_s: float) -> int:
    """The requested window, or the smallest larger one of the ladder that holds the audio (30 s at most)."""
    if audio_s <= requested_s:
        return requested_s
    for window in WINDOW_LADDER_S:
        if window >= requested_s and audio_s <= window:
            return window
    return FULL_WINDOW_S


class WhisperEngine:
    """Whisper through CTranslate2, greedy, English, no timestamps.

    `window_s` below 30 shortens the encoder's input, whose cost is fixed by the window, not by
    the audio: on two cores a 15 s window decodes a short utterance in about 40 % of the time of
    the 30 s window the model was trained on, a 10 s window in about 25 %. Audio that does not fit
    the window asked for gets the next larger one. Short windows can loop ("Set a timer. Set a
    timer."), which trim_repetition cuts.
    """

    def __init__(self, model_dir: str, threads: int) -> None:
        import ctranslate2
        import tokenizers
        from faster_whisper.feature_extractor import FeatureExtractor

        self._ct2 = ctranslate2
        self._model = ctranslate2.models.Whisper(model_dir, device="cpu", compute_type="int8", intra_threads=threads, inter_threads=1)
        self._tokenizer = tokenizers.Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
        self._features = FeatureExtractor(feature_size=self._model.n_mels)
        self._prompts = {}

    def _prompt(self, language: str) -> list:
        if language not in self._prompts:
            tokens = ["<|startoftranscript|>", f"<|{language}|>", "<|transcribe|>", "<|notimestamps|>"]
            ids = [self._tokenizer.token_to_id(token) for token in tokens]
            if any(token_id is None for token_id in ids):
                raise ValueError(f"this Whisper model has no language {language!r}")
            self._prompts[language] = ids
        return self._prompts[language]

    def transcribe(self, pcm: bytes, sample_rate: int, language: str, window_s: int = FULL_WINDOW_S) -> dict:
        if sample_rate != SAMPLE_RATE:
            raise ValueError("whisper needs 16 kHz audio")
        started = time.perf_counter()
        audio = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
        duration_s = len(audio) / SAMPLE_RATE
        # Whisper tiny drops or garbles words of audio that starts or ends right at the speech:
        # 0.3 s of silence around it took word errors on 60 synthetic utterances from 11 % to 4 %.
        pad = np.zeros(int(PAD_S * SAMPLE_RATE), dtype=np.float32)
        audio = np.concatenate([pad, audio, pad])
        window_s = fitting_window(max(1, min(FULL_WINDOW_S, int(window_s))), len(audio) / SAMPLE_RATE)
        texts = []
        confidences = []
        # Whisper hears at most 30 s at a time: longer audio is read window by window.
        step = window_s * SAMPLE_RATE
        for offset in range(0, max(1, len(audio)), step):
            piece = np.zeros(step, dtype=np.float32)
            chunk = audio[offset : offset + step]
            piece[: len(chunk)] = chunk
            features = self._features(piece)[:, : window_s * 100]
            max_length = 448 // 2 if window_s == FULL_WINDOW_S else int(6 + 8 * len(chunk) / SAMPLE_RATE)
            result = self._model.generate(
                self._ct2.StorageView.from_array(features[np.newaxis].astype(np.float32)),
                [self._prompt(language)],
                beam_size=1,
                max_length=max_length,
                return_scores=True,
                return_no_speech_prob=True,
                suppress_blank=True,
            )[0]
            tokens = result.sequences_ids[0]
            # CTranslate2 reports the log-probability divided by the length (length_penalty 1);
            # Whisper's rule of thumb is on the sum divided by length + 1.
            avg_logprob = result.scores[0] * len(tokens) / (len(tokens) + 1)
            if result.no_speech_prob > NO_SPEECH_PROB and avg_logprob < MIN_AVG_LOGPROB:
                continue
            text = self._tokenizer.decode(tokens).strip()
            if window_s < FULL_WINDOW_S:
                text = trim_repetition(text)
            if text:
                texts.append(text)
                confidences.append(float(np.exp(avg_logprob)))
        return {
            "text": " ".join(texts),
            "confidence": round(min(confidences), 3) if confidences else 0.0,
            "decodeMs": round((time.perf_counter() - started) * 1000, 1),
            "audioMs": round(duration_s * 1000, 1),
            "windowS": window_s,
        }

    def warmup(self) -> None:
        self.transcribe(b"\0\0" * SAMPLE_RATE, SAMPLE_RATE, "en")


class PiperEngine:
    def __init__(self, model_path: str, threads: int) -> None:
        import json
        import tempfile

        import onnxruntime
        from piper import PiperVoice
        from piper.config import PiperConfig

        with open(f"{model_path}.json", "r", encoding="utf-8") as config_file:
            config = PiperConfig.from_dict(json.load(config_file))
        options = onnxruntime.SessionOptions()
        # One conversation's speech on a small machine: a pool as wide as the machine would fight
        # the recognizer and the other conversations for the same cores.
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        session = onnxruntime.InferenceSession(model_path, sess_options=options, providers=["CPUExecutionProvider"])
        # download_dir only matters for Arabic diacritics; English never downloads anything.
        self._voice = PiperVoice(session=session, config=config, download_dir=tempfile.gettempdir(), use_tashkeel=False)
        self.sample_rate = int(config.sample_rate)

    def synthesize(self, text: str) -> Iterator[Tuple[bytes, int]]:
        for chunk in self._voice.synthesize(text):
            yield chunk.audio_int16_bytes, int(chunk.sample_rate)

    def warmup(self) -> None:
        for _ in self.synthesize("Ready."):
            pass
