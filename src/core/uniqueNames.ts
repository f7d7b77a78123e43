// Unique names from wanted ones (`conv`, `conv#1`, `conv#2`…) in constant time per name, however
// often a name repeats: the next suffix to try is remembered per wanted name, so 100,000 layers
// named alike (or unnamed) cost 100,000 steps, not the square of it.

export class UniqueNames {
  private readonly taken = new Set<string>();
  private readonly nextSuffix = new Map<string, number>();

  has(name: string): boolean {
    return this.taken.has(name);
  }

  /** `wanted` itself when free, else `wanted#k` for the smallest k not yet taken. */
  take(wanted: string): string {
    let name = wanted;
    if (this.taken.has(name)) {
      let k = this.nextSuffix.get(wanted) ?? 1;
      // A name like `a#1` may have been taken as written: skip what is taken, once each.
      while (this.taken.has(`${wanted}#${k}`)) k++;
      name = `${wanted}#${k}`;
      this.nextSuffix.set(wanted, k + 1);
    }
    this.taken.add(name);
    return name;
  }
}
