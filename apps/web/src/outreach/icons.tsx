// Decorative line icons for announcements and events, drawn like components/icons.tsx; hidden from assistive tech.
import { Icon } from '../components/icons';

export function InboxIcon() {
  return (
    <Icon>
      <path d="M4 13 6.5 5h11L20 13v6H4Z" />
      <path d="M4 13h4.5l1 2h5l1-2H20" />
    </Icon>
  );
}

export function PlusIcon() {
  return (
    <Icon>
      <path d="M12 5v14M5 12h14" />
    </Icon>
  );
}

export function TrashIcon() {
  return (
    <Icon size={18}>
      <path d="M5 7h14M10 7V5h4v2M7 7l1 12h8l1-12" />
    </Icon>
  );
}

export function PeopleIcon() {
  return (
    <Icon>
      <circle cx="9" cy="9" r="3" />
      <path d="M3.5 19c.7-3 2.8-4.5 5.5-4.5s4.8 1.5 5.5 4.5" />
      <circle cx="17" cy="8" r="2.5" />
      <path d="M16 13.5c2.3 0 4 1.3 4.5 4" />
    </Icon>
  );
}
