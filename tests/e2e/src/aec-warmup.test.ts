import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningStack } from '@parley/launcher';
import { HeadlessUser } from '@parley/test-harness/headless-user';
import { speechWav } from './harness/speech.js';
import { requestToken, startTestStack } from './harness/stack.js';

const REPLY_TIMEOUT_MS = 30_000;
/** The agent's default PARLEY_AEC_WARMUP_MS. */
const AEC_WARMUP_MS = 3000;

/**
 * Issue 14, "no user speech is ever dropped": during the agent's first 3 s of speech in a
 * conversation the echo canceller settles and the user may not interrupt, but what they say in
 * that time must still be transcribed and answered (patches/@livekit+agents+1.9.0.patch).
 */
describe('speech during the AEC warm-up', () => {
  let stack: RunningStack;
  before(async () => {
    stack = await startTestStack('aec-warmup');
  });
  after(async () => {
    await stack?.stop();
  });

  test('words spoken over the first reply are transcribed and answered, and do not cut the reply', async () => {
    const { serverUrl, token } = await requestToken(stack, 'aec-warmup', 'tester-aec-warmup');
    const user = await HeadlessUser.join(serverUrl, token);
    await user.waitForAgentListening();
    try {
      // Synthesized before the conversation: Festival takes a second or two, longer than the warm-up leaves.
      const words = speechWav('the blue folder', { trailingSilenceMs: 200 });
      // A long first sentence, so the echo brain's first reply lasts well past the warm-up.
      const first = await user.say(speechWav('please remember that the meeting with the design team moves from tuesday morning to thursday afternoon next week', { trailingSilenceMs: 200 }));
      const replyStart = await user.waitFor('the first reply to start', () => user.firstAgentAudioAfter(first.speechEndAt), REPLY_TIMEOUT_MS);
      const during = await user.say(words);
      const spokenWithinMs = during.speechEndAt - replyStart.at;
      // Otherwise this would not test the warm-up at all.
      assert.ok(spokenWithinMs < AEC_WARMUP_MS - 500, `the words must fall inside the warm-up: they ended ${spokenWithinMs} ms into the reply`);

      // Past the warm-up the first reply is still playing and nothing has answered the words yet:
      // they did not interrupt it (a reply cut at the turn's end would be answering them by now).
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, replyStart.at + AEC_WARMUP_MS + 500 - Date.now())));
      assert.equal(user.agentState(), 'speaking', 'the first reply should still be playing after the warm-up');
      const early = user.transcriptsOf('agent').find((segment) => /blue/i.test(segment.text) && !/thursday/i.test(segment.text));
      assert.equal(early, undefined, `the words interrupted the first reply: "${early?.text ?? ''}"`);
      // The words are in the user's transcript ...
      const heard = await user.waitFor('"blue" in the user transcript', () => user.transcriptsOf('user').find((segment) => /blue/i.test(segment.text)), REPLY_TIMEOUT_MS);
      // ... and a later reply answers them (the echo brain repeats what it understood).
      const answer = await user.waitFor(
        'a reply to "the blue folder"',
        () => user.transcriptsOf('agent').find((segment) => /blue/i.test(segment.text) && !/thursday/i.test(segment.text)),
        REPLY_TIMEOUT_MS,
      );
      // ... and the first reply was not cut by them: it was spoken to its end ("… next week... got it.").
      const firstReply = user.transcriptsOf('agent').find((segment) => /thursday/i.test(segment.text))?.text ?? '';
      assert.match(firstReply, /got it/i, `the first reply should have played to its end: "${firstReply}"`);
      console.log(`aec warm-up: words ended ${spokenWithinMs} ms into the first reply; user transcript "${heard.text}"; answered "${answer.text}"; first reply "${firstReply}"`);
    } finally {
      await user.leave();
    }
  });

  test('the reply\'s own words coming back during the warm-up (echo) are not answered', async () => {
    const { serverUrl, token } = await requestToken(stack, 'aec-warmup-echo', 'tester-aec-warmup-echo');
    const user = await HeadlessUser.join(serverUrl, token);
    await user.waitForAgentListening();
    try {
      // Stands in for the agent's voice leaking back before the echo canceller has converged.
      const echo = speechWav('please remember that the meeting', { trailingSilenceMs: 200 });
      const first = await user.say(speechWav('please remember that the meeting with the design team moves from tuesday morning to thursday afternoon next week', { trailingSilenceMs: 200 }));
      const replyStart = await user.waitFor('the first reply to start', () => user.firstAgentAudioAfter(first.speechEndAt), REPLY_TIMEOUT_MS);
      const during = await user.say(echo);
      assert.ok(during.speechEndAt - replyStart.at < AEC_WARMUP_MS - 500, `the echo must fall inside the warm-up: it ended ${during.speechEndAt - replyStart.at} ms into the reply`);
      await user.waitFor('the echo in the user transcript', () => user.transcriptsOf('user').filter((segment) => /remember/i.test(segment.text)).length >= 2, REPLY_TIMEOUT_MS);
      // The first reply plays to its end, then the agent stays quiet: nothing answers the echo.
      await user.waitFor('the first reply to end', () => user.transcriptsOf('agent').some((segment) => /thursday/i.test(segment.text) && /got it/i.test(segment.text)), REPLY_TIMEOUT_MS);
      await user.waitFor(
        'the agent to stay quiet after the reply',
        () => {
          const last = user.lastLoudAgentFrame();
          return last !== undefined && Date.now() - last.at > 4000 && user.agentState() === 'listening';
        },
        REPLY_TIMEOUT_MS,
      );
      const replies = user.transcriptsOf('agent').filter((segment) => /remember/i.test(segment.text)).map((segment) => segment.text);
      assert.equal(replies.length, 1, `only the first sentence is answered, not its echo: ${replies.join(' | ')}`);
    } finally {
      await user.leave();
    }
  });
});
