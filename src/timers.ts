// The longest delay a timer can wait in every runtime (a signed 32-bit count of milliseconds):
// a longer one fires at once.
export const LONGEST_TIMER = 2 ** 31 - 1;
