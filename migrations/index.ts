// The ordered list of migrations; `npm run migration:generate -- Name` appends to it.
import { Foundation1764288000000 } from './1764288000000-Foundation.js';
import { AuditLog1795877182843 } from './1795877182843-AuditLog.js';
import { Identity1795878376129 } from './1795878376129-Identity.js';
import { IdentityForeignKeys1795879686821 } from './1795879686821-IdentityForeignKeys.js';
import { Directory1795881375018 } from './1795881375018-Directory.js';
import { Mandates1795881583195 } from './1795881583195-Mandates.js';
import { Contacts1795883187918 } from './1795883187918-Contacts.js';
import { OrganisationReferences1795884472767 } from './1795884472767-OrganisationReferences.js';
import { DirectorySearchSpeed1795885513359 } from './1795885513359-DirectorySearchSpeed.js';
import { Messaging1795894121988 } from './1795894121988-Messaging.js';
import { Attachments1795895764639 } from './1795895764639-Attachments.js';
import { MessagingLoad1795896616243 } from './1795896616243-MessagingLoad.js';
import { SharedHistory1795899051264 } from './1795899051264-SharedHistory.js';
import { Planning1795902758815 } from './1795902758815-Planning.js';
import { CalendarFeeds1795903435545 } from './1795903435545-CalendarFeeds.js';
import { Notifications1795903560037 } from './1795903560037-Notifications.js';
import { PlanItemsRevision1795904235361 } from './1795904235361-PlanItemsRevision.js';
import { Outreach1795914059881 } from './1795914059881-Outreach.js';
import { NotificationParams1795921252698 } from './1795921252698-NotificationParams.js';
import { ContactFacetRollup1795945616002 } from './1795945616002-ContactFacetRollup.js';
import { DirectoryChangeNotify1795953347100 } from './1795953347100-DirectoryChangeNotify.js';
import { IdentityChangeNotify1795956057109 } from './1795956057109-IdentityChangeNotify.js';
import { KeyTransparency1796642853277 } from './1796642853277-KeyTransparency.js';
import { MlsDelivery1796643718732 } from './1796643718732-MlsDelivery.js';
import { HistoryArchive1796644215808 } from './1796644215808-HistoryArchive.js';
import { MlsDeclaredChanges1796644543388 } from './1796644543388-MlsDeclaredChanges.js';
import { MlsAttachments1796645664288 } from './1796645664288-MlsAttachments.js';
import { KeyPackageLifetime1796645855925 } from './1796645855925-KeyPackageLifetime.js';
import { DropProtocolV11796655738707 } from './1796655738707-DropProtocolV1.js';
import { ThreadRosterVersion1796665011286 } from './1796665011286-ThreadRosterVersion.js';
import { LoginKnownSources1796665952319 } from './1796665952319-LoginKnownSources.js';
import { RefreshTokenSuccessor1796666181889 } from './1796666181889-RefreshTokenSuccessor.js';
import { PrivacyRights1796673294958 } from './1796673294958-PrivacyRights.js';
import { PublishedViews1796684876746 } from './1796684876746-PublishedViews.js';
import { DropIdentityChangeNotify1796685097066 } from './1796685097066-DropIdentityChangeNotify.js';
import { DropDirectoryChangeNotify1796687979496 } from './1796687979496-DropDirectoryChangeNotify.js';
import { ReadOnlyPublishedViews1796689778136 } from './1796689778136-ReadOnlyPublishedViews.js';
import { SearchTermNames1796698468920 } from './1796698468920-SearchTermNames.js';

export const MIGRATIONS = [
  Foundation1764288000000,
  AuditLog1795877182843,
  Identity1795878376129,
  IdentityForeignKeys1795879686821,
  Directory1795881375018,
  Mandates1795881583195,
  Contacts1795883187918,
  OrganisationReferences1795884472767,
  DirectorySearchSpeed1795885513359,
  Messaging1795894121988,
  Attachments1795895764639,
  MessagingLoad1795896616243,
  SharedHistory1795899051264,
  Planning1795902758815,
  CalendarFeeds1795903435545,
  Notifications1795903560037,
  PlanItemsRevision1795904235361,
  Outreach1795914059881,
  NotificationParams1795921252698,
  ContactFacetRollup1795945616002,
  DirectoryChangeNotify1795953347100,
  IdentityChangeNotify1795956057109,
  KeyTransparency1796642853277,
  MlsDelivery1796643718732,
  HistoryArchive1796644215808,
  MlsDeclaredChanges1796644543388,
  MlsAttachments1796645664288,
  KeyPackageLifetime1796645855925,
  DropProtocolV11796655738707,
  ThreadRosterVersion1796665011286,
  LoginKnownSources1796665952319,
  RefreshTokenSuccessor1796666181889,
  PrivacyRights1796673294958,
  PublishedViews1796684876746,
  DropIdentityChangeNotify1796685097066,
  DropDirectoryChangeNotify1796687979496,
  ReadOnlyPublishedViews1796689778136,
  SearchTermNames1796698468920,
];
