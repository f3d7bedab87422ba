// Placeholder until Lyceum.Runner lands.
return 0;
