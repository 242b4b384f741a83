import { describeFaults } from './support/describe-faults.ts';

// The aws profile's faults: TLS everywhere, wired from the ECS task definitions the deploy left.
describeFaults('aws');
