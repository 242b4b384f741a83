-- Runs once, when the compose postgres volume is first initialised. The services also create
-- their own database when it is missing (as they must on RDS); creating them here keeps a fresh
-- compose stack identical to an RDS instance after the services' first start.
CREATE DATABASE auth_db;
CREATE DATABASE cashflow_db;
CREATE DATABASE consolidated_db;
