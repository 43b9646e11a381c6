import { describeSlowMlsVectors } from '../../../../test/support/mls-vectors.js';

describeSlowMlsVectors(4);
