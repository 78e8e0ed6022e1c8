//! Shared types for the UI and integration tests.
