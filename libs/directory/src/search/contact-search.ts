/** The contact search's statements live with the repository that runs them; the benchmark and tests import them from here. */
export * from './contact-search.repository.js';
