import { useState, type FormEvent } from 'react';
import { useLocalParticipant } from '@livekit/components-react';
import { TOPIC_CHAT } from '@parley/protocol';

interface ChatComposerProps {
  /** Called after the text was sent, so the transcript can show it. */
  onSent: (text: string) => void;
  onError: (message: string) => void;
}

/** Typed input to the agent, sent as a text stream on `lk.chat`. */
export function ChatComposer({ onSent, onError }: ChatComposerProps) {
  const { localParticipant } = useLocalParticipant();
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const message = text.trim();
    if (!message || sending) return;
    setSending(true);
    try {
      await localParticipant.sendText(message, { topic: TOPIC_CHAT });
      onSent(message);
      setText('');
    } catch (error) {
      onError(`Could not send the message: ${String(error)}`);
    } finally {
      setSending(false);
    }
  };

  return (
    <form className="chat-composer" onSubmit={(e) => void submit(e)}>
      <input
        data-testid="chat-input"
        aria-label="Type a message"
        placeholder="Or type a message…"
        value={text}
        maxLength={2000}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" className="secondary" data-testid="chat-send" disabled={sending || !text.trim()}>
        Send
      </button>
    </form>
  );
}
