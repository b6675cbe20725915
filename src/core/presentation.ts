/**
 * How a channel shows a message and takes answers, where it differs from a messenger with tappable
 * buttons and roomy keyboards (Telegram). The journey renders forms by it, so that every channel gets
 * a layout it can redraw in place and hints that name what its people actually do.
 */
export interface ChannelPresentation {
  /**
   * The most buttons one message may carry and still be edited in place (VK: an inline keyboard holds
   * 10); a longer list of options is shown a page at a time.
   */
  maxButtons?: number;
  /** Buttons are pressed by typing the letter printed before them (the console): hints name letters. */
  lettersForButtons?: boolean;
}
