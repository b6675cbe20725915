// The form engine's public surface: definitions, the pure engine, its state and prompt types.
export * from "./definition.js";
export { evaluateCondition } from "./conditions.js";
export { todayIn } from "./dates.js";
export { handleInput, progressOf, showCurrent, startForm, stepOf } from "./engine.js";
export { isValidAnswer } from "./model.js";
export { createFormRegistry, type FormRegistry } from "./registry.js";
export { checkSources, parseFormState } from "./state.js";
export { ENGINE_MESSAGES, ENGINE_PREFIX } from "./texts.js";
export * from "./types.js";
