// Decorative line icons for the planning sections, drawn like components/icons.tsx; hidden from assistive tech.
import { Icon } from '../components/icons';

export function GroupsIcon() {
  return (
    <Icon>
      <circle cx="9" cy="8" r="3" />
      <path d="M3.5 19c.7-3 3-4.5 5.5-4.5s4.8 1.5 5.5 4.5" />
      <circle cx="17" cy="9" r="2.25" />
      <path d="M16 14.6c2.2-.3 4 .9 4.6 3.4" />
    </Icon>
  );
}

export function MyItemsIcon() {
  return (
    <Icon>
      <rect x="4" y="4" width="16" height="16" rx="2" />
      <path d="m8 12 3 3 5-6" />
    </Icon>
  );
}
