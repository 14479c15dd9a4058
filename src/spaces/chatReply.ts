/**
 * The assistant's reply in a Gradio chat history, the text a chat preset streams. The chat
 * module (src/chat/) owns the history shapes; this is the name the spaces entry exports.
 */
export { chatReplyText } from '../chat/replyText.js';
