// placeholder entry until the extension shell lands
export {};
