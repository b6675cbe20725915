/**
 * The payload of a meeting button (type "meet"), on its own so the pairing announcements can carry
 * one without depending on the meetings service.
 */
export const meetingAction = (verb: string, id: number, value?: string, page?: number) => ({
  type: "meet",
  question: verb,
  session: id,
  ...(value !== undefined && { value }),
  ...(page !== undefined && { page }),
});
