/**
 * The "model" behind the demo's embedded Spaces: canned but plausible answers, cut into
 * tokens, with seeded random-ish delays so that every run of the same prompt streams the same
 * way. Pure: no I/O, no timers.
 */

/** One token of a scripted answer and how long the model "thinks" before emitting it. */
export interface ScriptedToken {
  text: string;
  delayMs: number;
}

/** What the scripted model is asked. */
export interface ScriptedRequest {
  /** The user's prompt (for a formatted conversation, only its last user turn is answered). */
  prompt: string;
  /** The system prompt; "one sentence"/"brief" shortens the answer, "pirate" flavours it. */
  systemPrompt?: string;
}

/**
 * Delays between tokens, in milliseconds.
 * @default { min: 15, max: 55 }
 */
export interface TokenPace {
  min: number;
  max: number;
}

const defaultPace: TokenPace = { min: 15, max: 55 };

/** Answers by topic: the first pattern that matches the question wins. */
const answers: { when: RegExp; answer: string }[] = [
  {
    when: /capital of france/i,
    answer:
      'The capital of France is Paris. It lies on the Seine in the north of the country, and it has been the seat of French government for most of the last thousand years. Around 2.1 million people live in the city itself, and over 12 million in its metropolitan area.',
  },
  {
    when: /\b(story|long)\b/i,
    answer: [
      'Once upon a time, a small GPU lived in a data centre far away. Every morning a queue of requests lined up at its door, each one hoping to be answered before its user lost patience.',
      'One day a request arrived that nobody wanted any more: its user had closed the tab. The old clients kept computing it anyway, token after token, while the queue behind it grew longer and longer.',
      'Then a new client came along. When its users left, it told the server at once, and the server stopped the job and moved on to the next request. The GPU had time for everyone, the queue melted away, and the users who stayed got their answers sooner.',
      'And from that day on, every unsubscribe was a cancel, and nobody paid for words that no one would ever read. The end.',
    ].join(' '),
  },
  {
    when: /\b(gradio|rxjs|observable|sdk)\b/i,
    answer:
      'Gradio apps run their functions through a queue: a client joins it, then reads the job’s events from a stream. gradio-rx turns each job into a cold Observable, so subscribing starts the job and unsubscribing cancels it on the server, which frees the GPU for the next person in line.',
  },
  {
    when: /\b(image|picture|photo)\b/i,
    answer: 'I cannot see any image in this conversation. Attach one (the terminal demo takes --image <path>, the web page has a picker) and ask again.',
  },
  {
    when: /^\s*(hi|hello|hey)\b/i,
    answer: 'Hello! I am a scripted stand-in for a Qwen model, running inside this demo. Ask me about the capital of France, about gradio-rx, or for a long story.',
  },
];

/** The answer to anything else: it names the question, so it is visibly an answer to it. */
function fallbackAnswer(question: string): string {
  const shown = question.length > 80 ? `${question.slice(0, 77)}…` : question;
  return `You asked: “${shown}”. I am a scripted model inside a local fake Space, so I cannot really answer, but I can show how an answer streams: token by token, with a queue position and progress before the first one, and a cancel that reaches the server when you press Ctrl-C.`;
}

/**
 * The question a prompt asks: the prompt itself, or the last `User:` turn of a conversation
 * formatted by `formatPrompt` (`User: …\nAssistant: …\nUser: …\nAssistant:`).
 */
export function lastQuestion(prompt: string): string {
  const lines = prompt.split('\n');
  let start = lines.length - 1;
  while (start >= 0 && !lines[start]!.startsWith('User: ')) start--;
  if (start < 0) return prompt.trim();
  const turn = [lines[start]!.slice('User: '.length)];
  for (const line of lines.slice(start + 1)) {
    if (/^(User|Assistant|System):/.test(line)) break;
    turn.push(line);
  }
  return turn.join('\n').trim();
}

/**
 * The whole scripted answer to a request.
 *
 * @example
 * ```ts
 * scriptedAnswer({ prompt: 'What is the capital of France?' }); // 'The capital of France is Paris. …'
 * ```
 */
export function scriptedAnswer(request: ScriptedRequest): string {
  const question = lastQuestion(request.prompt);
  let answer = answers.find((entry) => entry.when.test(question))?.answer ?? fallbackAnswer(question);
  const system = request.systemPrompt ?? '';
  if (/\b(one sentence|brief|short)\b/i.test(system)) answer = firstSentence(answer);
  if (/\bpirate\b/i.test(system)) answer = `Arr, matey! ${answer}`;
  return answer;
}

/** The answer as tokens: words with their leading space, punctuation on its own. */
export function tokenize(text: string): string[] {
  return text.match(/\s*[\p{L}\p{N}’'-]+|\s*[^\s\p{L}\p{N}]|\s+/gu) ?? [];
}

/**
 * The scripted answer as tokens with delays: the same request always gives the same tokens
 * and the same delays (the seed is the request's text), and the tokens join up to
 * `scriptedAnswer(request)`.
 */
export function scriptedTokens(request: ScriptedRequest, pace: TokenPace = defaultPace): ScriptedToken[] {
  return pacedTokens(tokenize(scriptedAnswer(request)), `${request.systemPrompt ?? ''}\u0000${request.prompt}`, pace);
}

/** Gives each token a delay in `pace`, drawn from a generator seeded with `seed`. */
export function pacedTokens(texts: readonly string[], seed: string, pace: TokenPace = defaultPace): ScriptedToken[] {
  const random = seededRandom(seed);
  return texts.map((text) => ({
    text,
    // Punctuation "costs" a little more, as a real model's pauses look.
    delayMs: Math.round(pace.min + random() * (pace.max - pace.min) + (/[.,!?]$/.test(text) ? pace.min : 0)),
  }));
}

/**
 * A deterministic pseudo-random generator (mulberry32) seeded from a string: values in
 * [0, 1), the same sequence for the same seed.
 */
export function seededRandom(seed: string): () => number {
  let state = 0x811c9dc5;
  for (let index = 0; index < seed.length; index++) {
    state = Math.imul(state ^ seed.charCodeAt(index), 0x01000193) >>> 0;
  }
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function firstSentence(text: string): string {
  const end = /[.!?](\s|$)/.exec(text);
  return end === null ? text : text.slice(0, end.index + 1);
}
