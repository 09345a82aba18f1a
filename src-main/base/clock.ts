/** Now, injected so that tests and time-dependent decisions (schedules, retention, lock ages) can be driven. */
export type Clock = () => Date;
