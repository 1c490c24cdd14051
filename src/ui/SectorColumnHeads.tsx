/** The three numeric column heads every sector table shares: start, count and human size. */
export function SectorColumnHeads() {
  return (
    <>
      <th scope="col" class="num">
        Start sector
      </th>
      <th scope="col" class="num">
        Sectors
      </th>
      <th scope="col" class="num">
        Size
      </th>
    </>
  );
}
