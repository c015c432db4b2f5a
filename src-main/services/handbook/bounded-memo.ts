/**
 * Remembers a pure function's answers for the text keys that repeat across an index build (pinyin
 * of title words, category tokens). Bounded: when full it starts over rather than grow with the corpus.
 */
export function boundedMemo<T>(compute: (key: string) => T, limit: number): (key: string) => T {
  const answers = new Map<string, T>();
  return (key) => {
    let answer = answers.get(key);
    if (answer === undefined) {
      answer = compute(key);
      if (answers.size >= limit) answers.clear();
      answers.set(key, answer);
    }
    return answer;
  };
}
