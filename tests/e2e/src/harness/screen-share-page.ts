import { createReadStream } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { repoRoot } from './paths.js';

const LIVEKIT_CLIENT_UMD = path.join(repoRoot, 'node_modules', 'livekit-client', 'dist', 'livekit-client.umd.js');

/**
 * A minimal page for the browser vision test: it shows known text in large type and, when told,
 * joins the room with the LiveKit browser SDK, publishes a microphone track that plays the
 * question WAV (looped, through WebAudio), shares its own tab (getDisplayMedia with
 * preferCurrentTab) and collects the agent's transcript. Served from loopback by the test itself,
 * so it does not depend on the web client's screen-share button.
 *
 * Why WebAudio and not Chromium's fake microphone: with --use-fake-device-for-media-stream,
 * getDisplayMedia returns Chromium's synthetic test pattern instead of the tab, and with
 * --use-fake-ui-for-media-stream tab capture fails ("Could not start video source").
 */
function pageHtml(lines: string[]): string {
  const text = lines.map((line) => `<p>${line}</p>`).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>vision test</title>
<style>body{margin:0;background:#fff;color:#111;font-family:'DejaVu Sans',sans-serif}
main{padding:96px}p{font-size:64px;margin:0 0 40px 0;font-weight:600}</style>
<script src="/livekit-client.umd.js"></script></head><body><main>${text}</main>
<script>
window.visionTest = { agentText: [], userText: [], viewing: '', error: null, published: [] };
window.startShare = async (serverUrl, token) => {
  const { Room, RoomEvent, Track } = window.LivekitClient;
  const room = new Room();
  window.visionRoom = room;
  room.registerTextStreamHandler('lk.transcription', async (reader, participant) => {
    const text = await reader.readAll();
    const mine = participant.identity === room.localParticipant.identity;
    (mine ? window.visionTest.userText : window.visionTest.agentText).push(text);
  });
  const readViewing = () => {
    const agent = [...room.remoteParticipants.values()].find((p) => p.attributes && p.attributes['lk.agent.state'] !== undefined);
    window.visionTest.viewing = (agent && agent.attributes['parley.viewing']) || '';
  };
  room.on(RoomEvent.ParticipantAttributesChanged, readViewing);
  room.on(RoomEvent.ParticipantConnected, readViewing);
  room.on(RoomEvent.TrackSubscribed, (track) => {
    if (track.kind === 'audio') { const el = track.attach(); document.body.appendChild(el); el.play().catch(() => {}); }
  });
  await room.connect(serverUrl, token);
  const audio = new AudioContext({ sampleRate: 48000 });
  const speech = await audio.decodeAudioData(await (await fetch('/speech.wav')).arrayBuffer());
  const player = audio.createBufferSource();
  player.buffer = speech;
  player.loop = true;
  const microphone = audio.createMediaStreamDestination();
  player.connect(microphone);
  player.start();
  await room.localParticipant.publishTrack(microphone.stream.getAudioTracks()[0], { source: Track.Source.Microphone });
  window.visionTest.published.push('microphone');
  const display = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false, preferCurrentTab: true });
  const screen = display.getVideoTracks()[0];
  screen.contentHint = 'text';
  window.visionTest.screenSettings = screen.getSettings();
  // One layer, text-friendly: the agent should get the same pixels a person sees.
  await room.localParticipant.publishTrack(screen, { source: Track.Source.ScreenShare, simulcast: false, screenShareEncoding: { maxBitrate: 3000000, maxFramerate: 15 } });
  window.visionTest.published.push('screen_share');
  window.visionScreenTrack = screen;
};
// Diagnostics: what Chromium captured, as a PNG data URL.
window.grabCapturedFrame = async () => {
  const video = document.createElement('video');
  video.muted = true;
  video.srcObject = new MediaStream([window.visionScreenTrack]);
  await video.play();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext('2d').drawImage(video, 0, 0);
  video.pause();
  return canvas.toDataURL('image/png');
};
</script></body></html>`;
}

export interface ServedPage {
  url: string;
  close(): Promise<void>;
}

/** Serves the page with `lines` on screen; the page's microphone plays `speechWav` in a loop. */
export async function serveScreenSharePage(lines: string[], speechWav: string): Promise<ServedPage> {
  const html = pageHtml(lines);
  const server: Server = createServer((request, response) => {
    if (request.url === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    if (request.url === '/speech.wav') {
      response.writeHead(200, { 'content-type': 'audio/wav' });
      createReadStream(speechWav).pipe(response);
      return;
    }
    if (request.url === '/livekit-client.umd.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' });
      createReadStream(LIVEKIT_CLIENT_UMD).pipe(response);
      return;
    }
    if (request.url === '/' || request.url?.startsWith('/?')) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(html);
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
