/** The worked example of the product brief: a 240 GB disk on a Windows host. */
export const EXAMPLE_LISTING = `Name                   NumberOfBlocks  StartingOffset
Disk #0, Partition #0  125829120       1048576
Disk #0, Partition #1  125829120       64425558016
Disk #0, Partition #2  33554432        128850067456
`;
