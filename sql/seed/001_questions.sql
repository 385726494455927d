-- 001_questions.sql: the Financial RISE question bank.
--
-- Reference data, not a migration: `risectl migrate` re-applies this file
-- after the numbered migrations every time, inside its transaction, so every
-- statement is idempotent.  Rows are upserted by id, so edited wording,
-- scores and order reach existing databases.  Questions are never deleted:
-- responses.question_id references them.  (The schema has no way yet to
-- retire a question: one dropped from this file stays in the table.)
--
-- Questionnaire order is (section, order_index); section 1 is the business
-- profile, then the phases from Stabilize to Systemic, with three short
-- "Working Style" sections (the DISC questions, worded as preferences)
-- between them.  Phase options score 0 to 5; DISC options carry a letter;
-- metadata options carry neither.  Rating options are "1 — ..." to
-- "5 — ..." and score their number.  lib/score.c and docs/scoring.md
-- describe how answers become phase and DISC scores.
--
-- Ids: q_NNN in questionnaire order; options opt_NNN_a, _b, ... in display
-- order.  Never reuse an id for a different question: stored responses
-- refer to them.

-- Move every question out of the way first, so that reordering questions
-- below cannot collide with questions_order_key half-way through the upsert.
UPDATE questions SET order_index = order_index + 100000
WHERE order_index < 100000;

INSERT INTO questions
	(id, section, category, kind, phase, type, is_required, order_index,
	 max_points, text)
VALUES
	-- 1. Business Profile (metadata, not scored)
	('q_001', 1, 'Business Profile', 'metadata', NULL, 'multiple_choice', true, 1, NULL,
	 'Which industry best describes your business?'),
	('q_002', 1, 'Business Profile', 'metadata', NULL, 'multiple_choice', true, 2, NULL,
	 'How long has the business been trading?'),
	('q_003', 1, 'Business Profile', 'metadata', NULL, 'multiple_choice', false, 3, NULL,
	 'What was your revenue over the last twelve months?'),
	('q_004', 1, 'Business Profile', 'metadata', NULL, 'multiple_choice', true, 4, NULL,
	 'How many people work in the business, including owners?'),
	('q_005', 1, 'Business Profile', 'metadata', NULL, 'multiple_choice', false, 5, NULL,
	 'What is your role in the business?'),
	-- 2. Financial Health (Stabilize)
	('q_006', 2, 'Financial Health', 'phase', 'Stabilize', 'multiple_choice', true, 1, NULL,
	 'How are day-to-day transactions recorded in your business?'),
	('q_007', 2, 'Financial Health', 'phase', 'Stabilize', 'multiple_choice', true, 2, NULL,
	 'How often are your bank and credit card accounts reconciled to your books?'),
	('q_008', 2, 'Financial Health', 'phase', 'Stabilize', 'multiple_choice', true, 3, NULL,
	 'How up to date are your books right now?'),
	('q_009', 2, 'Financial Health', 'phase', 'Stabilize', 'multiple_choice', true, 4, NULL,
	 'Are your business and personal finances kept separate?'),
	('q_010', 2, 'Financial Health', 'phase', 'Stabilize', 'rating', true, 5, NULL,
	 'How confident are you that your books would stand up if a lender or auditor looked at them tomorrow?'),
	-- 3. Compliance & Tax (Stabilize)
	('q_011', 3, 'Compliance & Tax', 'phase', 'Stabilize', 'multiple_choice', true, 1, NULL,
	 'How are your sales tax (or VAT/GST) returns handled?'),
	('q_012', 3, 'Compliance & Tax', 'phase', 'Stabilize', 'multiple_choice', true, 2, NULL,
	 'In the last two years, has the business paid penalties or interest for late tax filings or payments?'),
	('q_013', 3, 'Compliance & Tax', 'phase', 'Stabilize', 'multi_select', true, 3, 5,
	 'Which of these are in place today? Select all that apply.'),
	('q_014', 3, 'Compliance & Tax', 'phase', 'Stabilize', 'rating', true, 4, NULL,
	 'How well do you know what the business will owe in tax this year before your accountant tells you?'),
	-- 4. Working Style (DISC)
	('q_015', 4, 'Working Style', 'disc', NULL, 'multiple_choice', true, 1, NULL,
	 'When your adviser has news about your finances, how would you like to hear it?'),
	('q_016', 4, 'Working Style', 'disc', NULL, 'multiple_choice', true, 2, NULL,
	 'How do you usually reach a significant business decision?'),
	('q_017', 4, 'Working Style', 'disc', NULL, 'multiple_choice', true, 3, NULL,
	 'What do you want most from a meeting with your financial adviser?'),
	('q_018', 4, 'Working Style', 'disc', NULL, 'multiple_choice', true, 4, NULL,
	 'Which format of monthly report would you find most useful?'),
	-- 5. Systems & Integration (Organize)
	('q_019', 5, 'Systems & Integration', 'phase', 'Organize', 'multiple_choice', true, 1, NULL,
	 'What is your main accounting system?'),
	('q_020', 5, 'Systems & Integration', 'phase', 'Organize', 'multi_select', true, 2, 5,
	 'Which of these feed into your accounting system automatically, without re-typing? Select all that apply.'),
	('q_021', 5, 'Systems & Integration', 'phase', 'Organize', 'multiple_choice', true, 3, NULL,
	 'How well does your chart of accounts (the list of categories your transactions are coded to) fit your business?'),
	('q_022', 5, 'Systems & Integration', 'phase', 'Organize', 'multiple_choice', true, 4, NULL,
	 'Where do your key financial documents (contracts, invoices, statements, tax returns) live?'),
	('q_023', 5, 'Systems & Integration', 'phase', 'Organize', 'rating', true, 5, NULL,
	 'How easily could you find out what you spent with a particular supplier last year?'),
	-- 6. Payroll (Organize)
	('q_024', 6, 'Payroll', 'phase', 'Organize', 'multiple_choice', true, 1, NULL,
	 'How are people paid, including staff, contractors and yourself?'),
	('q_025', 6, 'Payroll', 'phase', 'Organize', 'multiple_choice', true, 2, NULL,
	 'How do you pay yourself?'),
	('q_026', 6, 'Payroll', 'phase', 'Organize', 'multi_select', true, 3, 4,
	 'Which of these do you have for the people who work in the business? Select all that apply.'),
	('q_027', 6, 'Payroll', 'phase', 'Organize', 'rating', true, 4, NULL,
	 'How confident are you that payroll taxes and deductions are calculated and paid correctly?'),
	-- 7. Operations (Build)
	('q_028', 7, 'Operations', 'phase', 'Build', 'multiple_choice', true, 1, NULL,
	 'Are routine finance tasks (invoicing, paying bills, month-end) written down as step-by-step procedures?'),
	('q_029', 7, 'Operations', 'phase', 'Build', 'multiple_choice', true, 2, NULL,
	 'How are customers invoiced?'),
	('q_030', 7, 'Operations', 'phase', 'Build', 'multiple_choice', true, 3, NULL,
	 'How are supplier bills approved and paid?'),
	('q_031', 7, 'Operations', 'phase', 'Build', 'multi_select', true, 4, 5,
	 'Which of these controls are in place? Select all that apply.'),
	('q_032', 7, 'Operations', 'phase', 'Build', 'rating', true, 5, NULL,
	 'If you were away for a month, how smoothly would invoicing, bill payments and payroll carry on?'),
	-- 8. Working Style (DISC)
	('q_033', 8, 'Working Style', 'disc', NULL, 'multiple_choice', true, 1, NULL,
	 'When a plan is not delivering the results you expected, what do you prefer to do first?'),
	('q_034', 8, 'Working Style', 'disc', NULL, 'multiple_choice', true, 2, NULL,
	 'What would most make you consider changing advisers?'),
	('q_035', 8, 'Working Style', 'disc', NULL, 'multiple_choice', true, 3, NULL,
	 'How would you like to set financial targets for the year ahead?'),
	('q_036', 8, 'Working Style', 'disc', NULL, 'multiple_choice', true, 4, NULL,
	 'How do you prefer to keep track of agreed actions between meetings?'),
	-- 9. Reporting (Build)
	('q_037', 9, 'Reporting', 'phase', 'Build', 'multiple_choice', true, 1, NULL,
	 'How often do you receive financial statements (profit and loss, balance sheet)?'),
	('q_038', 9, 'Reporting', 'phase', 'Build', 'multiple_choice', true, 2, NULL,
	 'Who prepares your management reports?'),
	('q_039', 9, 'Reporting', 'phase', 'Build', 'multi_select', true, 3, 5,
	 'Which of these do you look at at least once a month? Select all that apply.'),
	('q_040', 9, 'Reporting', 'phase', 'Build', 'rating', true, 4, NULL,
	 'How well do the reports you receive answer the questions you actually have about the business?'),
	-- 10. Planning & Forecasting (Grow)
	('q_041', 10, 'Planning & Forecasting', 'phase', 'Grow', 'multiple_choice', true, 1, NULL,
	 'Do you have a budget for the current year?'),
	('q_042', 10, 'Planning & Forecasting', 'phase', 'Grow', 'multiple_choice', true, 2, NULL,
	 'How far ahead do you forecast revenue and profit?'),
	('q_043', 10, 'Planning & Forecasting', 'phase', 'Grow', 'multiple_choice', true, 3, NULL,
	 'How do you set your prices?'),
	('q_044', 10, 'Planning & Forecasting', 'phase', 'Grow', 'multi_select', true, 4, 5,
	 'Which of these key numbers do you track regularly? Select all that apply.'),
	('q_045', 10, 'Planning & Forecasting', 'phase', 'Grow', 'rating', true, 5, NULL,
	 'How clear is your financial picture of the next twelve months?'),
	-- 11. Cash Flow (Grow)
	('q_046', 11, 'Cash Flow', 'phase', 'Grow', 'multiple_choice', true, 1, NULL,
	 'If sales stopped tomorrow, how many months of running costs could you cover from cash in the bank?'),
	('q_047', 11, 'Cash Flow', 'phase', 'Grow', 'multiple_choice', true, 2, NULL,
	 'Do you prepare a cash-flow forecast?'),
	('q_048', 11, 'Cash Flow', 'phase', 'Grow', 'multiple_choice', true, 3, NULL,
	 'How much warning do you usually get of a cash squeeze?'),
	('q_049', 11, 'Cash Flow', 'phase', 'Grow', 'rating', true, 4, NULL,
	 'How ready are you to fund the next stage of growth, such as hiring, equipment or stock?'),
	-- 12. Working Style (DISC)
	('q_050', 12, 'Working Style', 'disc', NULL, 'multiple_choice', true, 1, NULL,
	 'When you choose a new adviser or supplier, what matters most to you?'),
	('q_051', 12, 'Working Style', 'disc', NULL, 'multiple_choice', true, 2, NULL,
	 'Which approach to financial risk suits your business best?'),
	('q_052', 12, 'Working Style', 'disc', NULL, 'multiple_choice', true, 3, NULL,
	 'How would you prefer to introduce a new finance system or process to your team?'),
	('q_053', 12, 'Working Style', 'disc', NULL, 'multiple_choice', true, 4, NULL,
	 'How would you like your adviser to handle questions that come up between meetings?'),
	-- 13. Financial Literacy (Systemic)
	('q_054', 13, 'Financial Literacy', 'phase', 'Systemic', 'multiple_choice', true, 1, NULL,
	 'Your profit and loss shows a healthy profit, but there is less in the bank than last month. How would you explain it?'),
	('q_055', 13, 'Financial Literacy', 'phase', 'Systemic', 'rating', true, 2, NULL,
	 'How comfortable are you reading a balance sheet?'),
	('q_056', 13, 'Financial Literacy', 'phase', 'Systemic', 'multiple_choice', true, 3, NULL,
	 'Do you know your gross margin without looking it up?'),
	('q_057', 13, 'Financial Literacy', 'phase', 'Systemic', 'multiple_choice', true, 4, NULL,
	 'Do you know the monthly sales you need to break even?'),
	-- 14. Financial Decision-Making (Systemic)
	('q_058', 14, 'Financial Decision-Making', 'phase', 'Systemic', 'multiple_choice', true, 1, NULL,
	 'When you consider a major purchase or a new hire, how do you decide?'),
	('q_059', 14, 'Financial Decision-Making', 'phase', 'Systemic', 'multi_select', true, 2, 5,
	 'Before a big decision (a new hire, equipment, a new market), which of these do you usually do? Select all that apply.'),
	('q_060', 14, 'Financial Decision-Making', 'phase', 'Systemic', 'multiple_choice', true, 3, NULL,
	 'How often do you meet a financial professional to review how the business is doing, not just to file returns?'),
	('q_061', 14, 'Financial Decision-Making', 'phase', 'Systemic', 'rating', true, 4, NULL,
	 'How much do the numbers, rather than instinct, drive your business decisions?'),
	('q_062', 14, 'Financial Decision-Making', 'phase', 'Systemic', 'rating', true, 5, NULL,
	 'How well do you (and any managers) understand which numbers drive your profit?')
ON CONFLICT (id) DO UPDATE SET
	section = EXCLUDED.section,
	category = EXCLUDED.category,
	kind = EXCLUDED.kind,
	phase = EXCLUDED.phase,
	type = EXCLUDED.type,
	is_required = EXCLUDED.is_required,
	order_index = EXCLUDED.order_index,
	max_points = EXCLUDED.max_points,
	text = EXCLUDED.text;

INSERT INTO question_options (id, question_id, order_index, score, disc, text)
VALUES
	-- q_001 (metadata)
	('opt_001_a', 'q_001', 1, NULL, NULL, 'Retail or e-commerce'),
	('opt_001_b', 'q_001', 2, NULL, NULL, 'Professional services'),
	('opt_001_c', 'q_001', 3, NULL, NULL, 'Construction or trades'),
	('opt_001_d', 'q_001', 4, NULL, NULL, 'Manufacturing'),
	('opt_001_e', 'q_001', 5, NULL, NULL, 'Hospitality or food service'),
	('opt_001_f', 'q_001', 6, NULL, NULL, 'Healthcare or wellness'),
	('opt_001_g', 'q_001', 7, NULL, NULL, 'Technology or software'),
	('opt_001_h', 'q_001', 8, NULL, NULL, 'Other'),
	-- q_002 (metadata)
	('opt_002_a', 'q_002', 1, NULL, NULL, 'Less than a year'),
	('opt_002_b', 'q_002', 2, NULL, NULL, '1 to 3 years'),
	('opt_002_c', 'q_002', 3, NULL, NULL, '4 to 10 years'),
	('opt_002_d', 'q_002', 4, NULL, NULL, 'More than 10 years'),
	-- q_003 (metadata)
	('opt_003_a', 'q_003', 1, NULL, NULL, 'Under $250,000'),
	('opt_003_b', 'q_003', 2, NULL, NULL, '$250,000 to $1 million'),
	('opt_003_c', 'q_003', 3, NULL, NULL, '$1 million to $5 million'),
	('opt_003_d', 'q_003', 4, NULL, NULL, '$5 million to $20 million'),
	('opt_003_e', 'q_003', 5, NULL, NULL, 'Over $20 million'),
	('opt_003_f', 'q_003', 6, NULL, NULL, 'I would rather not say'),
	-- q_004 (metadata)
	('opt_004_a', 'q_004', 1, NULL, NULL, 'Just me'),
	('opt_004_b', 'q_004', 2, NULL, NULL, '2 to 5'),
	('opt_004_c', 'q_004', 3, NULL, NULL, '6 to 20'),
	('opt_004_d', 'q_004', 4, NULL, NULL, '21 to 50'),
	('opt_004_e', 'q_004', 5, NULL, NULL, 'More than 50'),
	-- q_005 (metadata)
	('opt_005_a', 'q_005', 1, NULL, NULL, 'Sole owner'),
	('opt_005_b', 'q_005', 2, NULL, NULL, 'Co-owner or partner'),
	('opt_005_c', 'q_005', 3, NULL, NULL, 'Finance lead or manager'),
	('opt_005_d', 'q_005', 4, NULL, NULL, 'Other'),
	-- q_006 (Stabilize, multiple_choice)
	('opt_006_a', 'q_006', 1, 0, NULL, 'Mostly they are not: receipts and statements pile up until year end'),
	('opt_006_b', 'q_006', 2, 1, NULL, 'In a spreadsheet or notebook, when someone gets round to it'),
	('opt_006_c', 'q_006', 3, 3, NULL, 'In accounting software, caught up every month or so'),
	('opt_006_d', 'q_006', 4, 5, NULL, 'In accounting software with bank feeds, reviewed every week'),
	-- q_007 (Stabilize, multiple_choice)
	('opt_007_a', 'q_007', 1, 0, NULL, 'Never, or I am not sure'),
	('opt_007_b', 'q_007', 2, 1, NULL, 'Once a year, when the accountant does the tax return'),
	('opt_007_c', 'q_007', 3, 2, NULL, 'Every quarter'),
	('opt_007_d', 'q_007', 4, 4, NULL, 'Every month'),
	('opt_007_e', 'q_007', 5, 5, NULL, 'Weekly, or continuously through bank feeds'),
	-- q_008 (Stabilize, multiple_choice)
	('opt_008_a', 'q_008', 1, 0, NULL, 'More than six months behind'),
	('opt_008_b', 'q_008', 2, 1, NULL, 'Three to six months behind'),
	('opt_008_c', 'q_008', 3, 3, NULL, 'One to two months behind'),
	('opt_008_d', 'q_008', 4, 5, NULL, 'Up to date within the last two weeks'),
	-- q_009 (Stabilize, multiple_choice)
	('opt_009_a', 'q_009', 1, 0, NULL, 'Not really: we use the same accounts or cards for both'),
	('opt_009_b', 'q_009', 2, 2, NULL, 'Separate accounts, but personal costs sometimes go through the business'),
	('opt_009_c', 'q_009', 3, 5, NULL, 'Completely separate, and any crossover is recorded as drawings or reimbursement'),
	-- q_010 (Stabilize, rating)
	('opt_010_a', 'q_010', 1, 1, NULL, '1 — Not at all confident'),
	('opt_010_b', 'q_010', 2, 2, NULL, '2 — Slightly confident'),
	('opt_010_c', 'q_010', 3, 3, NULL, '3 — Fairly confident'),
	('opt_010_d', 'q_010', 4, 4, NULL, '4 — Very confident'),
	('opt_010_e', 'q_010', 5, 5, NULL, '5 — Completely confident'),
	-- q_011 (Stabilize, multiple_choice)
	('opt_011_a', 'q_011', 1, 0, NULL, 'We are not registered and are unsure whether we should be'),
	('opt_011_b', 'q_011', 2, 1, NULL, 'They are filed, but often late or with corrections'),
	('opt_011_c', 'q_011', 3, 3, NULL, 'They are filed on time, worked out by hand each period'),
	('opt_011_d', 'q_011', 4, 5, NULL, 'They are filed on time from figures our accounting system produces'),
	('opt_011_e', 'q_011', 5, 5, NULL, 'They do not apply to us, and an adviser has confirmed it'),
	-- q_012 (Stabilize, multiple_choice)
	('opt_012_a', 'q_012', 1, 0, NULL, 'Yes, more than once'),
	('opt_012_b', 'q_012', 2, 1, NULL, 'I am not sure'),
	('opt_012_c', 'q_012', 3, 2, NULL, 'Once'),
	('opt_012_d', 'q_012', 4, 5, NULL, 'No'),
	-- q_013 (Stabilize, multi_select, max 5)
	('opt_013_a', 'q_013', 1, 1, NULL, 'A calendar of every tax filing and payment deadline'),
	('opt_013_b', 'q_013', 2, 2, NULL, 'Money set aside regularly for income tax'),
	('opt_013_c', 'q_013', 3, 1, NULL, 'Receipts and invoices stored digitally and retrievable for past years'),
	('opt_013_d', 'q_013', 4, 1, NULL, 'Contractor tax forms collected and filed each year'),
	('opt_013_e', 'q_013', 5, 1, NULL, 'Business licences and registrations kept current'),
	('opt_013_f', 'q_013', 6, 2, NULL, 'A review with a tax adviser before the year closes'),
	('opt_013_g', 'q_013', 7, 0, NULL, 'None of these'),
	-- q_014 (Stabilize, rating)
	('opt_014_a', 'q_014', 1, 1, NULL, '1 — No idea until the bill arrives'),
	('opt_014_b', 'q_014', 2, 2, NULL, '2 — A vague idea'),
	('opt_014_c', 'q_014', 3, 3, NULL, '3 — A rough estimate'),
	('opt_014_d', 'q_014', 4, 4, NULL, '4 — A fairly close estimate'),
	('opt_014_e', 'q_014', 5, 5, NULL, '5 — I know it within a small margin'),
	-- q_015 (DISC)
	('opt_015_a', 'q_015', 1, NULL, 'C', 'In writing, with the figures and the workings, so I can study it'),
	('opt_015_b', 'q_015', 2, NULL, 'D', 'The headline first, in a sentence or two, and what we should do about it'),
	('opt_015_c', 'q_015', 3, NULL, 'S', 'Walked through calmly, step by step, with time to take it in'),
	('opt_015_d', 'q_015', 4, NULL, 'I', 'In a conversation where we can talk it through together'),
	-- q_016 (DISC)
	('opt_016_a', 'q_016', 1, NULL, 'S', 'Carefully, once I know how it will affect my team and customers'),
	('opt_016_b', 'q_016', 2, NULL, 'I', 'By talking it over with people I trust and going with what feels right'),
	('opt_016_c', 'q_016', 3, NULL, 'D', 'Quickly: I weigh it up and commit'),
	('opt_016_d', 'q_016', 4, NULL, 'C', 'After researching the options and comparing the numbers'),
	-- q_017 (DISC)
	('opt_017_a', 'q_017', 1, NULL, 'I', 'Energy and fresh ideas'),
	('opt_017_b', 'q_017', 2, NULL, 'C', 'Thorough preparation and precise answers'),
	('opt_017_c', 'q_017', 3, NULL, 'D', 'Decisions and action items, kept short'),
	('opt_017_d', 'q_017', 4, NULL, 'S', 'A predictable agenda and a clear sense of what happens next'),
	-- q_018 (DISC)
	('opt_018_a', 'q_018', 1, NULL, 'D', 'A one-page dashboard with the few numbers that matter'),
	('opt_018_b', 'q_018', 2, NULL, 'S', 'The same familiar layout every month, so I can compare easily'),
	('opt_018_c', 'q_018', 3, NULL, 'C', 'Full, detailed tables I can dig into'),
	('opt_018_d', 'q_018', 4, NULL, 'I', 'Charts and visuals that tell the story of the month'),
	-- q_019 (Organize, multiple_choice)
	('opt_019_a', 'q_019', 1, 0, NULL, 'None, or spreadsheets only'),
	('opt_019_b', 'q_019', 2, 2, NULL, 'Desktop software installed on one computer'),
	('opt_019_c', 'q_019', 3, 3, NULL, 'Cloud accounting software used by one person'),
	('opt_019_d', 'q_019', 4, 5, NULL, 'Cloud accounting software shared with our bookkeeper or accountant'),
	-- q_020 (Organize, multi_select, max 5)
	('opt_020_a', 'q_020', 1, 2, NULL, 'Bank and credit card transactions'),
	('opt_020_b', 'q_020', 2, 1, NULL, 'Sales invoices or point-of-sale takings'),
	('opt_020_c', 'q_020', 3, 1, NULL, 'Payroll'),
	('opt_020_d', 'q_020', 4, 1, NULL, 'Expense receipts'),
	('opt_020_e', 'q_020', 5, 1, NULL, 'Inventory or job costing'),
	('opt_020_f', 'q_020', 6, 1, NULL, 'Card and online payment processors'),
	('opt_020_g', 'q_020', 7, 0, NULL, 'None: everything is entered by hand'),
	-- q_021 (Organize, multiple_choice)
	('opt_021_a', 'q_021', 1, 0, NULL, 'I do not know what that is'),
	('opt_021_b', 'q_021', 2, 2, NULL, 'It is the default list that came with the software'),
	('opt_021_c', 'q_021', 3, 3, NULL, 'We have changed it over time, but it has become cluttered'),
	('opt_021_d', 'q_021', 4, 5, NULL, 'It was set up for our business and is tidied at least once a year'),
	-- q_022 (Organize, multiple_choice)
	('opt_022_a', 'q_022', 1, 0, NULL, 'Scattered across inboxes, drawers and different people'),
	('opt_022_b', 'q_022', 2, 2, NULL, 'In one place, but hard to search'),
	('opt_022_c', 'q_022', 3, 4, NULL, 'In organised shared folders with consistent names'),
	('opt_022_d', 'q_022', 4, 5, NULL, 'Organised and attached to the matching transactions in our accounting software'),
	-- q_023 (Organize, rating)
	('opt_023_a', 'q_023', 1, 1, NULL, '1 — It would take days'),
	('opt_023_b', 'q_023', 2, 2, NULL, '2 — It would take hours'),
	('opt_023_c', 'q_023', 3, 3, NULL, '3 — Within an hour or so'),
	('opt_023_d', 'q_023', 4, 4, NULL, '4 — Within a few minutes'),
	('opt_023_e', 'q_023', 5, 5, NULL, '5 — A couple of clicks'),
	-- q_024 (Organize, multiple_choice)
	('opt_024_a', 'q_024', 1, 0, NULL, 'Whenever cash allows, and the amounts vary'),
	('opt_024_b', 'q_024', 2, 1, NULL, 'Worked out by hand by the owner each time'),
	('opt_024_c', 'q_024', 3, 3, NULL, 'An outside payroll bureau or our accountant runs it'),
	('opt_024_d', 'q_024', 4, 5, NULL, 'Payroll software linked to our accounts, with each run reviewed before approval'),
	-- q_025 (Organize, multiple_choice)
	('opt_025_a', 'q_025', 1, 0, NULL, 'Irregularly, from whatever is left over'),
	('opt_025_b', 'q_025', 2, 2, NULL, 'Regular drawings, but the amount depends on the bank balance'),
	('opt_025_c', 'q_025', 3, 4, NULL, 'A set salary or drawing, planned in advance'),
	('opt_025_d', 'q_025', 4, 5, NULL, 'A set salary plus planned distributions based on profit'),
	-- q_026 (Organize, multi_select, max 4)
	('opt_026_a', 'q_026', 1, 1, NULL, 'Written contracts or engagement letters'),
	('opt_026_b', 'q_026', 2, 1, NULL, 'Timesheets or time tracking that feed payroll'),
	('opt_026_c', 'q_026', 3, 1, NULL, 'Employee and contractor status checked with an adviser'),
	('opt_026_d', 'q_026', 4, 1, NULL, 'A checklist for people joining and leaving'),
	('opt_026_e', 'q_026', 5, 1, NULL, 'Benefits and deductions reconciled every month'),
	('opt_026_f', 'q_026', 6, 0, NULL, 'None of these yet'),
	-- q_027 (Organize, rating)
	('opt_027_a', 'q_027', 1, 1, NULL, '1 — Not at all confident'),
	('opt_027_b', 'q_027', 2, 2, NULL, '2 — Slightly confident'),
	('opt_027_c', 'q_027', 3, 3, NULL, '3 — Fairly confident'),
	('opt_027_d', 'q_027', 4, 4, NULL, '4 — Very confident'),
	('opt_027_e', 'q_027', 5, 5, NULL, '5 — Completely confident'),
	-- q_028 (Build, multiple_choice)
	('opt_028_a', 'q_028', 1, 0, NULL, 'No, they live in people''s heads'),
	('opt_028_b', 'q_028', 2, 1, NULL, 'A few notes for some tasks'),
	('opt_028_c', 'q_028', 3, 3, NULL, 'Most key tasks are written down, though not always current'),
	('opt_028_d', 'q_028', 4, 5, NULL, 'Written down, kept current, and someone new could follow them'),
	-- q_029 (Build, multiple_choice)
	('opt_029_a', 'q_029', 1, 0, NULL, 'When someone remembers'),
	('opt_029_b', 'q_029', 2, 1, NULL, 'In a batch, usually when cash runs low'),
	('opt_029_c', 'q_029', 3, 3, NULL, 'On a regular schedule, prepared by hand'),
	('opt_029_d', 'q_029', 4, 5, NULL, 'Automatically on completion or on a schedule, with reminders for late payers'),
	-- q_030 (Build, multiple_choice)
	('opt_030_a', 'q_030', 1, 0, NULL, 'As they arrive, or when a supplier chases'),
	('opt_030_b', 'q_030', 2, 2, NULL, 'I review and pay every bill myself'),
	('opt_030_c', 'q_030', 3, 4, NULL, 'In a set payment run each week or fortnight, after approval'),
	('opt_030_d', 'q_030', 4, 5, NULL, 'Through an approval workflow with spending limits and scheduled payment runs'),
	-- q_031 (Build, multi_select, max 5)
	('opt_031_a', 'q_031', 1, 1, NULL, 'Two people involved in approving and releasing payments'),
	('opt_031_b', 'q_031', 2, 1, NULL, 'Spending limits that need sign-off above a set amount'),
	('opt_031_c', 'q_031', 3, 1, NULL, 'Regular review of who can access the bank and the accounting software'),
	('opt_031_d', 'q_031', 4, 1, NULL, 'A monthly check for unusual or duplicate transactions'),
	('opt_031_e', 'q_031', 5, 1, NULL, 'Purchase orders for larger purchases'),
	('opt_031_f', 'q_031', 6, 2, NULL, 'A written month-end close checklist'),
	('opt_031_g', 'q_031', 7, 0, NULL, 'None of these'),
	-- q_032 (Build, rating)
	('opt_032_a', 'q_032', 1, 1, NULL, '1 — They would stop'),
	('opt_032_b', 'q_032', 2, 2, NULL, '2 — They would fall badly behind'),
	('opt_032_c', 'q_032', 3, 3, NULL, '3 — They would limp along'),
	('opt_032_d', 'q_032', 4, 4, NULL, '4 — Mostly fine, with a few calls to me'),
	('opt_032_e', 'q_032', 5, 5, NULL, '5 — Nobody would notice'),
	-- q_033 (DISC)
	('opt_033_a', 'q_033', 1, NULL, 'S', 'Give it a little more time and adjust gradually'),
	('opt_033_b', 'q_033', 2, NULL, 'C', 'Work out exactly where and why it went wrong before changing anything'),
	('opt_033_c', 'q_033', 3, NULL, 'I', 'Get the team together to brainstorm new ideas'),
	('opt_033_d', 'q_033', 4, NULL, 'D', 'Change course straight away'),
	-- q_034 (DISC)
	('opt_034_a', 'q_034', 1, NULL, 'I', 'Feeling like just another account number to them'),
	('opt_034_b', 'q_034', 2, NULL, 'D', 'Slow results and answers that never get to the point'),
	('opt_034_c', 'q_034', 3, NULL, 'C', 'Mistakes, or vague answers without the detail behind them'),
	('opt_034_d', 'q_034', 4, NULL, 'S', 'Constant changes of staff or approach'),
	-- q_035 (DISC)
	('opt_035_a', 'q_035', 1, NULL, 'C', 'Build the targets from a detailed analysis of what is achievable'),
	('opt_035_b', 'q_035', 2, NULL, 'S', 'Agree realistic, steady targets that everyone can commit to'),
	('opt_035_c', 'q_035', 3, NULL, 'D', 'Set ambitious targets and push hard to hit them'),
	('opt_035_d', 'q_035', 4, NULL, 'I', 'Share an inspiring goal and get everyone excited about it'),
	-- q_036 (DISC)
	('opt_036_a', 'q_036', 1, NULL, 'D', 'Just tell me when it is done'),
	('opt_036_b', 'q_036', 2, NULL, 'I', 'A quick call or message to catch up'),
	('opt_036_c', 'q_036', 3, NULL, 'C', 'A written tracker with owners, status and deadlines'),
	('opt_036_d', 'q_036', 4, NULL, 'S', 'A check-in at the same time each week or month'),
	-- q_037 (Build, multiple_choice)
	('opt_037_a', 'q_037', 1, 0, NULL, 'Only at tax time'),
	('opt_037_b', 'q_037', 2, 2, NULL, 'Every quarter'),
	('opt_037_c', 'q_037', 3, 3, NULL, 'Every month, but several weeks after month-end'),
	('opt_037_d', 'q_037', 4, 5, NULL, 'Every month, within about ten days of month-end'),
	-- q_038 (Build, multiple_choice)
	('opt_038_a', 'q_038', 1, 0, NULL, 'Nobody: we do not have any'),
	('opt_038_b', 'q_038', 2, 1, NULL, 'I do, when I find the time'),
	('opt_038_c', 'q_038', 3, 3, NULL, 'Our outside accountant or bookkeeper, in a standard format'),
	('opt_038_d', 'q_038', 4, 5, NULL, 'A bookkeeper or finance person, in a format agreed with me and with commentary'),
	-- q_039 (Build, multi_select, max 5)
	('opt_039_a', 'q_039', 1, 1, NULL, 'Profit and loss'),
	('opt_039_b', 'q_039', 2, 1, NULL, 'Balance sheet'),
	('opt_039_c', 'q_039', 3, 1, NULL, 'A cash-flow statement or cash summary'),
	('opt_039_d', 'q_039', 4, 1, NULL, 'Who owes you money and for how long'),
	('opt_039_e', 'q_039', 5, 1, NULL, 'Who you owe money to and when it is due'),
	('opt_039_f', 'q_039', 6, 1, NULL, 'Results against budget or last year'),
	('opt_039_g', 'q_039', 7, 0, NULL, 'None of these'),
	-- q_040 (Build, rating)
	('opt_040_a', 'q_040', 1, 1, NULL, '1 — Not at all'),
	('opt_040_b', 'q_040', 2, 2, NULL, '2 — A little'),
	('opt_040_c', 'q_040', 3, 3, NULL, '3 — Partly'),
	('opt_040_d', 'q_040', 4, 4, NULL, '4 — Mostly'),
	('opt_040_e', 'q_040', 5, 5, NULL, '5 — Completely'),
	-- q_041 (Grow, multiple_choice)
	('opt_041_a', 'q_041', 1, 0, NULL, 'No'),
	('opt_041_b', 'q_041', 2, 1, NULL, 'Only in my head'),
	('opt_041_c', 'q_041', 3, 2, NULL, 'A written budget that is rarely looked at again'),
	('opt_041_d', 'q_041', 4, 4, NULL, 'A written budget compared with actual results every month'),
	('opt_041_e', 'q_041', 5, 5, NULL, 'A budget compared every month and re-forecast every quarter'),
	-- q_042 (Grow, multiple_choice)
	('opt_042_a', 'q_042', 1, 0, NULL, 'We do not forecast'),
	('opt_042_b', 'q_042', 2, 1, NULL, 'A few weeks'),
	('opt_042_c', 'q_042', 3, 3, NULL, 'The current quarter'),
	('opt_042_d', 'q_042', 4, 5, NULL, 'Twelve months or more, updated regularly'),
	-- q_043 (Grow, multiple_choice)
	('opt_043_a', 'q_043', 1, 0, NULL, 'By what feels right, or by matching competitors'),
	('opt_043_b', 'q_043', 2, 2, NULL, 'Cost plus a standard mark-up'),
	('opt_043_c', 'q_043', 3, 4, NULL, 'From the known cost of each product or job and a target margin'),
	('opt_043_d', 'q_043', 4, 5, NULL, 'From margin analysis by product and customer, reviewed at least yearly'),
	-- q_044 (Grow, multi_select, max 5)
	('opt_044_a', 'q_044', 1, 1, NULL, 'Gross margin'),
	('opt_044_b', 'q_044', 2, 1, NULL, 'The cost of winning a new customer'),
	('opt_044_c', 'q_044', 3, 1, NULL, 'How quickly customers pay'),
	('opt_044_d', 'q_044', 4, 1, NULL, 'Repeat or retained customers'),
	('opt_044_e', 'q_044', 5, 1, NULL, 'Your break-even sales level'),
	('opt_044_f', 'q_044', 6, 1, NULL, 'Revenue or profit per employee'),
	('opt_044_g', 'q_044', 7, 0, NULL, 'None of these'),
	-- q_045 (Grow, rating)
	('opt_045_a', 'q_045', 1, 1, NULL, '1 — Completely unclear'),
	('opt_045_b', 'q_045', 2, 2, NULL, '2 — Mostly unclear'),
	('opt_045_c', 'q_045', 3, 3, NULL, '3 — Partly clear'),
	('opt_045_d', 'q_045', 4, 4, NULL, '4 — Mostly clear'),
	('opt_045_e', 'q_045', 5, 5, NULL, '5 — Very clear, with numbers behind it'),
	-- q_046 (Grow, multiple_choice)
	('opt_046_a', 'q_046', 1, 0, NULL, 'Less than one month'),
	('opt_046_b', 'q_046', 2, 2, NULL, 'One to two months'),
	('opt_046_c', 'q_046', 3, 4, NULL, 'Three to five months'),
	('opt_046_d', 'q_046', 4, 5, NULL, 'Six months or more'),
	-- q_047 (Grow, multiple_choice)
	('opt_047_a', 'q_047', 1, 0, NULL, 'No'),
	('opt_047_b', 'q_047', 2, 1, NULL, 'Only when cash gets tight'),
	('opt_047_c', 'q_047', 3, 3, NULL, 'A rolling forecast of the next four to eight weeks'),
	('opt_047_d', 'q_047', 4, 5, NULL, 'A rolling thirteen-week forecast plus a twelve-month view, both kept up to date'),
	-- q_048 (Grow, multiple_choice)
	('opt_048_a', 'q_048', 1, 0, NULL, 'None: I find out when a payment fails'),
	('opt_048_b', 'q_048', 2, 1, NULL, 'A few days, from watching the bank balance'),
	('opt_048_c', 'q_048', 3, 3, NULL, 'A few weeks, from our own tracking'),
	('opt_048_d', 'q_048', 4, 5, NULL, 'Months, because our forecast shows it coming'),
	-- q_049 (Grow, rating)
	('opt_049_a', 'q_049', 1, 1, NULL, '1 — Not ready at all'),
	('opt_049_b', 'q_049', 2, 2, NULL, '2 — We would have to scramble'),
	('opt_049_c', 'q_049', 3, 3, NULL, '3 — We could manage with some strain'),
	('opt_049_d', 'q_049', 4, 4, NULL, '4 — Mostly planned'),
	('opt_049_e', 'q_049', 5, 5, NULL, '5 — Fully planned, with reserves or credit lines in place'),
	-- q_050 (DISC)
	('opt_050_a', 'q_050', 1, NULL, 'I', 'Whether we get on well'),
	('opt_050_b', 'q_050', 2, NULL, 'S', 'Their reliability, and that they will be there for the long term'),
	('opt_050_c', 'q_050', 3, NULL, 'D', 'The results they can show'),
	('opt_050_d', 'q_050', 4, NULL, 'C', 'Their expertise, credentials and attention to detail'),
	-- q_051 (DISC)
	('opt_051_a', 'q_051', 1, NULL, 'C', 'Analyse the downside thoroughly before committing'),
	('opt_051_b', 'q_051', 2, NULL, 'D', 'Take calculated risks quickly to seize opportunities'),
	('opt_051_c', 'q_051', 3, NULL, 'I', 'Say yes to promising opportunities and work out the details along the way'),
	('opt_051_d', 'q_051', 4, NULL, 'S', 'Stick with proven approaches and change gradually'),
	-- q_052 (DISC)
	('opt_052_a', 'q_052', 1, NULL, 'S', 'Introduce it gradually and make sure everyone is comfortable'),
	('opt_052_b', 'q_052', 2, NULL, 'D', 'Decide, set a date and roll it out'),
	('opt_052_c', 'q_052', 3, NULL, 'I', 'Get people enthusiastic about it and learn together'),
	('opt_052_d', 'q_052', 4, NULL, 'C', 'Pilot it, document it and check it works as designed'),
	-- q_053 (DISC)
	('opt_053_a', 'q_053', 1, NULL, 'I', 'Pick up the phone and talk it over'),
	('opt_053_b', 'q_053', 2, NULL, 'D', 'A short, direct answer as soon as possible'),
	('opt_053_c', 'q_053', 3, NULL, 'S', 'Note it for our next regular meeting unless it is urgent'),
	('opt_053_d', 'q_053', 4, NULL, 'C', 'A written reply with the full detail and sources'),
	-- q_054 (Systemic, multiple_choice)
	('opt_054_a', 'q_054', 1, 0, NULL, 'I would not know where to start'),
	('opt_054_b', 'q_054', 2, 1, NULL, 'I would ask my accountant'),
	('opt_054_c', 'q_054', 3, 3, NULL, 'I would guess at reasons such as unpaid invoices or loan repayments'),
	('opt_054_d', 'q_054', 4, 5, NULL, 'I would trace it through receivables, payables, stock, loan repayments and drawings'),
	-- q_055 (Systemic, rating)
	('opt_055_a', 'q_055', 1, 1, NULL, '1 — Not at all comfortable'),
	('opt_055_b', 'q_055', 2, 2, NULL, '2 — Slightly comfortable'),
	('opt_055_c', 'q_055', 3, 3, NULL, '3 — Fairly comfortable'),
	('opt_055_d', 'q_055', 4, 4, NULL, '4 — Very comfortable'),
	('opt_055_e', 'q_055', 5, 5, NULL, '5 — Completely comfortable'),
	-- q_056 (Systemic, multiple_choice)
	('opt_056_a', 'q_056', 1, 0, NULL, 'No, or I am not sure what it means'),
	('opt_056_b', 'q_056', 2, 3, NULL, 'Roughly, for the business as a whole'),
	('opt_056_c', 'q_056', 3, 5, NULL, 'Yes, for each main product or service'),
	-- q_057 (Systemic, multiple_choice)
	('opt_057_a', 'q_057', 1, 0, NULL, 'I am not sure what that means'),
	('opt_057_b', 'q_057', 2, 1, NULL, 'No, but I understand the idea'),
	('opt_057_c', 'q_057', 3, 3, NULL, 'Roughly'),
	('opt_057_d', 'q_057', 4, 5, NULL, 'Yes, and I recheck it when costs change'),
	-- q_058 (Systemic, multiple_choice)
	('opt_058_a', 'q_058', 1, 0, NULL, 'On gut feel'),
	('opt_058_b', 'q_058', 2, 1, NULL, 'By checking the bank balance'),
	('opt_058_c', 'q_058', 3, 3, NULL, 'With a rough estimate of cost against benefit'),
	('opt_058_d', 'q_058', 4, 5, NULL, 'By modelling the effect on cash and profit first, then checking the outcome afterwards'),
	-- q_059 (Systemic, multi_select, max 5)
	('opt_059_a', 'q_059', 1, 1, NULL, 'Estimate how long it will take to pay for itself'),
	('opt_059_b', 'q_059', 2, 1, NULL, 'Work out the effect on monthly cash'),
	('opt_059_c', 'q_059', 3, 1, NULL, 'Compare it with the budget'),
	('opt_059_d', 'q_059', 4, 1, NULL, 'Ask an accountant or adviser for a view'),
	('opt_059_e', 'q_059', 5, 1, NULL, 'Set a measurable target to review afterwards'),
	('opt_059_f', 'q_059', 6, 1, NULL, 'Consider a best and worst case'),
	('opt_059_g', 'q_059', 7, 0, NULL, 'None of these'),
	-- q_060 (Systemic, multiple_choice)
	('opt_060_a', 'q_060', 1, 0, NULL, 'Never'),
	('opt_060_b', 'q_060', 2, 1, NULL, 'Once a year, at tax time'),
	('opt_060_c', 'q_060', 3, 3, NULL, 'Every quarter'),
	('opt_060_d', 'q_060', 4, 5, NULL, 'Every month or more often'),
	-- q_061 (Systemic, rating)
	('opt_061_a', 'q_061', 1, 1, NULL, '1 — Almost all instinct'),
	('opt_061_b', 'q_061', 2, 2, NULL, '2 — Mostly instinct'),
	('opt_061_c', 'q_061', 3, 3, NULL, '3 — About half and half'),
	('opt_061_d', 'q_061', 4, 4, NULL, '4 — Mostly numbers'),
	('opt_061_e', 'q_061', 5, 5, NULL, '5 — Numbers first, with instinct as a check'),
	-- q_062 (Systemic, rating)
	('opt_062_a', 'q_062', 1, 1, NULL, '1 — Not at all'),
	('opt_062_b', 'q_062', 2, 2, NULL, '2 — A little'),
	('opt_062_c', 'q_062', 3, 3, NULL, '3 — Reasonably well'),
	('opt_062_d', 'q_062', 4, 4, NULL, '4 — Well'),
	('opt_062_e', 'q_062', 5, 5, NULL, '5 — Very well')
ON CONFLICT (id) DO UPDATE SET
	question_id = EXCLUDED.question_id,
	order_index = EXCLUDED.order_index,
	score = EXCLUDED.score,
	disc = EXCLUDED.disc,
	text = EXCLUDED.text;

-- To withdraw an option, delete it here by id, e.g.
--   DELETE FROM question_options WHERE id IN ('opt_012_b');
-- (responses.option_ids is not a foreign key; scoring ignores ids it does not
-- know.)

-- Refuse a malformed bank, so that a bad edit fails the migration instead
-- of reaching clients: every question has options; a rating has five; phase
-- options all carry a score and no letter; a DISC question offers D, I, S
-- and C once each and no score; metadata options carry neither.
DO $$
DECLARE
	bad text;
BEGIN
	SELECT string_agg(id, ', ' ORDER BY id) INTO bad FROM (
		SELECT q.id
		FROM questions q
		LEFT JOIN question_options o ON o.question_id = q.id
		GROUP BY q.id, q.kind, q.type
		HAVING count(o.id) < 2
		    OR (q.type = 'rating' AND count(o.id) <> 5)
		    OR (q.kind = 'phase' AND
		        (count(o.score) <> count(o.id) OR count(o.disc) > 0))
		    OR (q.kind = 'disc' AND (count(o.id) <> 4 OR
		        count(DISTINCT o.disc) <> 4 OR count(o.score) > 0))
		    OR (q.kind = 'metadata' AND
		        (count(o.score) > 0 OR count(o.disc) > 0))
	) AS malformed;
	IF bad IS NOT NULL THEN
		RAISE EXCEPTION 'question bank: malformed questions: %', bad;
	END IF;
END
$$;
