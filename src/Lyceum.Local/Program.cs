// Placeholder until Lyceum Local lands.
return 0;
