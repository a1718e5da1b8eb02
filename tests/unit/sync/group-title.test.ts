import { describe, expect, it } from 'vitest';
import { groupTitle } from '@/utils/sync/group-title';

describe('the title of a grouped product', () => {
  it('is what the rows share once their variant attributes are out, not a cut-off prefix', () => {
    // Google's own example feed: two watches of one group whose titles differ in the colour.
    expect(
      groupTitle([
        { title: "Diesel Men's Black Stainless-Steel Analog Watch with Black Dial", attributes: ['44mm', 'Black', 'Solid'] },
        { title: "Diesel Men's White Stainless-Steel Analog Watch with Copper Dial", attributes: ['44mm', 'White/Yellow', 'Solid'] },
      ]),
    ).toBe("Diesel Men's Stainless-Steel Analog Watch");
  });

  it('leaves no dangling separator or attribute label behind', () => {
    expect(groupTitle([{ title: 'Merino Crew Sweater - Navy / M', attributes: ['M', 'Navy'] }, { title: 'Merino Crew Sweater - Grey / L', attributes: ['L', 'Grey'] }])).toBe('Merino Crew Sweater');
    expect(groupTitle([{ title: 'Linen Shirt - Color: Sand', attributes: ['Sand'] }, { title: 'Linen Shirt - Color: Olive', attributes: ['Olive'] }])).toBe('Linen Shirt');
  });

  it('drops the variant from the title of a group of one', () => {
    expect(groupTitle([{ title: 'Trail Runner 2 - Size 8', attributes: ['8'] }])).toBe('Trail Runner 2');
  });

  it('keeps a word that names the product even when a colour shares it', () => {
    expect(groupTitle([{ title: 'Black Sabbath Tee - Black / M', attributes: ['M', 'Black'] }, { title: 'Black Sabbath Tee - Black / L', attributes: ['L', 'Black'] }])).toBe('Black Sabbath Tee');
  });

  it('falls back to one row’s own title when the rows share too little to name the product', () => {
    expect(groupTitle([{ title: 'Acme Kettle Steel', attributes: [] }, { title: 'Acme Teapot Clay', attributes: [] }])).toBe('Acme Kettle Steel');
  });
});
