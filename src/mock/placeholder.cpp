// Placeholder until the module's first source lands; delete when it does.
