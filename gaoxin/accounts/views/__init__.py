"""Account pages: login and password (auth), accounts (users), organisations, login policy,
personal API tokens. Every page checks the role (403) and then the object's scope (404)."""
