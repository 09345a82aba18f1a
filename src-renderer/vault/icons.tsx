// Small line icons (no emoji: not every office PC has an emoji font).
const props = { width: 16, height: 16, viewBox: '0 0 16 16', fill: 'none', stroke: 'currentColor', strokeWidth: 1.4, 'aria-hidden': true } as const;

export const FolderIcon = () => (
  <svg {...props} className="icon icon-folder">
    <path d="M1.5 4.5v8h13v-7h-6.5l-1.5-1.5h-5z" fill="#f3d48a" />
  </svg>
);
export const FileIcon = () => (
  <svg {...props} className="icon icon-file">
    <path d="M3.5 1.5h6l3 3v10h-9z" fill="#fff" />
    <path d="M9.5 1.5v3h3" />
  </svg>
);
export const DatabaseIcon = () => (
  <svg {...props} className="icon icon-db">
    <ellipse cx="8" cy="3.5" rx="5.5" ry="2" fill="#dbe6fa" />
    <path d="M2.5 3.5v9c0 1.1 2.5 2 5.5 2s5.5-.9 5.5-2v-9" />
    <path d="M2.5 8c0 1.1 2.5 2 5.5 2s5.5-.9 5.5-2" />
  </svg>
);
export const LinkIcon = () => (
  <svg {...props} className="icon icon-link">
    <path d="M6.5 9.5l3-3M5 8l-1.5 1.5a2.1 2.1 0 003 3L8 11M11 8l1.5-1.5a2.1 2.1 0 00-3-3L8 5" />
  </svg>
);
export const CalendarIcon = () => (
  <svg {...props} className="icon icon-calendar">
    <rect x="2" y="3" width="12" height="11" rx="1" />
    <path d="M2 6.5h12M5 1.5v3M11 1.5v3" />
  </svg>
);
