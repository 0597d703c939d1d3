/** A local exception to the national working-day calendar. */
export class CalendarOverride {
  /** YYYY-MM-DD */
  date!: string;
  workday!: boolean;
  note!: string;
}

/** `PUT /api/calendar/overrides`: a year of overrides at most per request. */
export interface OverridesBody {
  overrides: CalendarOverride[];
  /** Dates whose override is removed. */
  remove?: string[];
}

export interface WorkdaysParams {
  /** YYYY-MM-DD; at most 400 days before `to`. */
  from: string;
  to: string;
}

export class Workday {
  date!: string;
  workday!: boolean;
  /** Decided by a local override rather than the national calendar. */
  override!: boolean;
}

export class Workdays {
  from!: string;
  to!: string;
  days!: Workday[];
}
