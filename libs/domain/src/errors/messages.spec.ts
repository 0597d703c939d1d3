import { pickLanguage } from './messages';

describe('pickLanguage', () => {
  it.each([
    [undefined, 'zh-CN'],
    ['', 'zh-CN'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['fr, en;q=0.8', 'en'],
    ['fr, en;q=0.8, zh-CN;q=0.9', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
    ['de', 'zh-CN'],
    ['en;q=0, zh;q=0.1', 'zh-CN'],
  ])('%p → %s', (header, lang) => expect(pickLanguage(header)).toBe(lang));
});
