// Task instructions (pure): Qwen3 models are instruction-aware; the same instruction goes into
// the embedder's query prompt and the reranker's `<Instruct>` line.

export type InstructionPreset = 'general' | 'technical' | 'code' | 'qa' | 'custom';

export const INSTRUCTION_PRESETS: Record<
  Exclude<InstructionPreset, 'custom'>,
  { label: string; text: string }
> = {
  general: {
    label: 'General',
    text: 'Given a web search query, retrieve relevant passages that answer the query',
  },
  technical: {
    label: 'Technical documentation',
    text: 'Given a technical question, retrieve passages from technical documentation that answer it',
  },
  code: {
    label: 'Code',
    text: 'Given a question about code, retrieve code snippets and documentation that answer it',
  },
  qa: {
    label: 'Question answering',
    text: 'Given a question, retrieve passages that contain the answer to the question',
  },
};

/** The instruction text for a preset; an empty custom instruction falls back to general. */
export function instructionText(preset: InstructionPreset, custom: string): string {
  if (preset === 'custom') return custom.trim() || INSTRUCTION_PRESETS.general.text;
  return INSTRUCTION_PRESETS[preset].text;
}
