import { describe, expect, it, vi } from 'vitest';
import { createChime, TONE_NOTES, type AudioContextLike } from './chime';

class FakeNode {
  connected = false;
  connect<T>(next: T): T {
    this.connected = true;
    return next;
  }
  disconnect() {
    this.connected = false;
  }
}

class FakeOscillator extends FakeNode {
  type = '';
  frequency = { value: 0 };
  events = new EventTarget();
  addEventListener(type: string, listener: () => void, options?: AddEventListenerOptions) {
    this.events.addEventListener(type, listener, options);
  }
  start = vi.fn();
  stop = vi.fn();
}

class FakeGain extends FakeNode {
  gain = { setValueAtTime: vi.fn(), linearRampToValueAtTime: vi.fn() };
}

/** Records the nodes each tone makes; `end()` fires the oscillators' `ended` events. */
function fakeAudio(state = 'running') {
  const oscillators: FakeOscillator[] = [];
  const gains: FakeGain[] = [];
  const context = {
    currentTime: 10,
    state,
    destination: {} as AudioNode,
    resume: vi.fn(async () => undefined),
    close: vi.fn(async () => undefined),
    createOscillator: () => {
      const oscillator = new FakeOscillator();
      oscillators.push(oscillator);
      return oscillator as unknown as OscillatorNode;
    },
    createGain: () => {
      const gain = new FakeGain();
      gains.push(gain);
      return gain as unknown as GainNode;
    }
  };
  const hz = () => oscillators.map((o) => o.frequency.value);
  return {
    context,
    oscillators,
    gains,
    hz,
    end: () => oscillators.forEach((o) => o.events.dispatchEvent(new Event('ended')))
  };
}

describe('verdict chime', () => {
  it('one audio context, made on the first tone, serves every verdict', () => {
    const audio = fakeAudio();
    const make = vi.fn(() => audio.context as unknown as AudioContextLike);
    const chime = createChime(make);
    expect(make).not.toHaveBeenCalled();
    for (let i = 0; i < 100; i++) chime.play(i % 2 ? 'good' : 'bad');
    expect(make).toHaveBeenCalledTimes(1);
    chime.close();
    expect(audio.context.close).toHaveBeenCalledTimes(1);
  });

  it('valid rises, not genuine is one low note', () => {
    const audio = fakeAudio();
    const chime = createChime(() => audio.context as unknown as AudioContextLike);
    chime.play('good');
    const good = audio.hz();
    expect(good).toEqual(TONE_NOTES.good.map((n) => n.hz));
    expect(good[1]!).toBeGreaterThan(good[0]!);
    chime.play('bad');
    expect(audio.hz().slice(2)).toEqual([TONE_NOTES.bad[0]!.hz]);
    expect(TONE_NOTES.bad[0]!.hz).toBeLessThan(Math.min(...good));
  });

  it('every node is disconnected when its tone ends, so thousands of verdicts keep nothing', () => {
    const audio = fakeAudio();
    const chime = createChime(() => audio.context as unknown as AudioContextLike);
    for (let i = 0; i < 50; i++) chime.play('good');
    expect(audio.gains.every((g) => g.connected)).toBe(true);
    audio.end();
    expect(audio.oscillators.filter((o) => o.connected)).toHaveLength(0);
    expect(audio.gains.filter((g) => g.connected)).toHaveLength(0);
  });

  it('a context that is still starting plays the tone as soon as it runs', async () => {
    const audio = fakeAudio('suspended');
    audio.context.resume.mockImplementation(async () => void (audio.context.state = 'running'));
    const chime = createChime(() => audio.context as unknown as AudioContextLike);
    chime.play('good');
    await vi.waitFor(() => expect(audio.hz()).toEqual(TONE_NOTES.good.map((n) => n.hz)));
    chime.play('bad');
    expect(audio.context.resume).toHaveBeenCalledTimes(1);
  });

  it('before any gesture it waits for one resume, queues nothing, and drops a tone that would come late', async () => {
    const audio = fakeAudio('suspended');
    let clock = 0;
    let resumed: () => void = () => undefined;
    audio.context.resume.mockImplementation(
      () => new Promise<undefined>((resolve) => (resumed = () => resolve(undefined)))
    );
    const chime = createChime(
      () => audio.context as unknown as AudioContextLike,
      () => clock
    );
    for (let i = 0; i < 20; i++) chime.play('warn');
    expect(audio.context.resume).toHaveBeenCalledTimes(1);
    expect(audio.oscillators).toHaveLength(0);
    // A gesture a minute later starts the audio: the old verdicts' tones are not played then.
    clock = 60_000;
    audio.context.state = 'running';
    resumed();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(audio.oscillators).toHaveLength(0);
    chime.play('warn');
    expect(audio.hz()).toEqual([TONE_NOTES.warn[0]!.hz]);
  });

  it('is silent, without error, where there is no WebAudio or it cannot start', () => {
    expect(() => createChime(undefined).play('good')).not.toThrow();
    const failing = createChime(() => {
      throw new DOMException('too many contexts', 'NotSupportedError');
    });
    expect(() => failing.play('good')).not.toThrow();
  });
});
