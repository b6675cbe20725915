/**
 * A choice typed instead of pressed (a client without keyboards, or a person who prefers to type):
 * the option's number in the order the buttons are drawn, its label, or one of its words ("да",
 * "no"). Case, surrounding spaces, emoji and closing punctuation do not matter. Undefined when the
 * text names no option, or more than one.
 *
 * @example
 *   typedChoice("Да", [{ value: "yes", words: ["✅ Согласен(на)", "да"] }, { value: "no", words: ["нет"] }]); // "yes"
 *   typedChoice("2", [...]); // "no"
 */
export function typedChoice<T>(
  text: string,
  options: readonly { value: T; words: readonly string[] }[],
): T | undefined {
  const normal = (value: string) =>
    value
      .normalize("NFKC")
      .replace(/[\p{Extended_Pictographic}\uFE0F]/gu, "")
      .trim()
      .toLocaleLowerCase()
      .replace(/[.)!]+$/u, "")
      .trim();
  const typed = normal(text);
  if (typed === "") return undefined;
  const matches = options.filter(
    (option, index) => typed === String(index + 1) || option.words.some((word) => normal(word) === typed),
  );
  return matches.length === 1 ? matches[0]!.value : undefined;
}
